import type { Page } from 'playwright-core'

/**
 * The visitor's side: the real `@carbon/ai-chat` UI. Its DOM lives in open shadow roots; Playwright's CSS
 * and text locators pierce them, so the selectors below are Carbon's own test ids and class names.
 */
export class VisitorPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.input.waitFor({ timeout: 30_000 })
  }

  get input() {
    return this.page.locator('[data-testid=input_field]').first()
  }

  /** Types like a person (so typing events fire) and sends with Enter. */
  async send(text: string): Promise<void> {
    await this.input.click()
    await this.input.pressSequentially(text, { delay: 15 })
    await this.page.keyboard.press('Enter')
  }

  async typeWithoutSending(text: string): Promise<void> {
    await this.input.click()
    await this.input.pressSequentially(text, { delay: 30 })
  }

  /** The text of every message bubble, in order. */
  async messages(): Promise<string[]> {
    return this.page.locator('[data-testid^=message-by-index-]').allInnerTexts()
  }

  /** Picks a file in Carbon's upload button (shown once the desk advertises uploads). */
  async attach(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.page.locator('input[type=file]').first().setInputFiles(file)
  }

  /** Waits until some message contains `text`. */
  async expectMessage(text: string | RegExp, timeout = 20_000): Promise<void> {
    await this.page.locator('[data-testid^=message-by-index-]').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout })
  }

  /** How many message bubbles contain `text` (for "nothing lost or doubled"). */
  async countMessages(text: string): Promise<number> {
    return this.page.locator('[data-testid^=message-by-index-]').filter({ hasText: text }).count()
  }

  /** Carbon's "connect to an agent" card button, shown for a `connect_to_agent` response. */
  async requestAgent(): Promise<void> {
    const button = this.page.locator('.cds-aichat--connect-to-human-agent__request-button').last()
    await button.waitFor({ state: 'visible', timeout: 20_000 })
    await button.click()
  }

  /** The visitor ends the chat from Carbon's agent banner, confirming the dialog. */
  async endChat(): Promise<void> {
    await this.page.locator('.cds-aichat--human-agent-banner__button').first().click()
    await this.page.locator('.cds-aichat--confirm-modal__yes-button').first().click()
  }

  /** The agent name in Carbon's agent banner. */
  async agentName(): Promise<string> {
    return (await this.page.locator('.cds-aichat--human-agent-banner__human-agent-line1').first().textContent())?.trim() ?? ''
  }

  /** Carbon's typing dots for the agent. */
  async expectAgentTyping(timeout = 15_000): Promise<void> {
    await this.page.locator('.cds-aichat--processing').first().waitFor({ state: 'visible', timeout })
  }

  async expectAgentNotTyping(timeout = 15_000): Promise<void> {
    await this.page.locator('.cds-aichat--processing').first().waitFor({ state: 'hidden', timeout })
  }

  /** How many visible elements contain `text` anywhere in the page (shadow roots included). */
  async countText(text: string): Promise<number> {
    return this.page.getByText(text).count()
  }

  /** Anything visible in the chat containing `text` (banners, status lines, messages). */
  async expectText(text: string | RegExp, timeout = 20_000): Promise<void> {
    await this.page.getByText(text).first().waitFor({ state: 'visible', timeout })
  }
}
