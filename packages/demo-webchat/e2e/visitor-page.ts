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

  /**
   * Carbon's "connect to an agent" card button, shown for a `connect_to_agent` response, then the demo's
   * pre-chat form: `answers` typed in (question key to answer; none by default), and submitted.
   */
  async requestAgent(answers: Record<string, string> = {}): Promise<void> {
    await this.openPreChat()
    for (const [key, answer] of Object.entries(answers)) await this.page.locator(`[data-testid="prechat-${key}"]`).fill(answer)
    await this.page.locator('[data-testid=prechat-submit]').click()
    await this.preChatDialog.waitFor({ state: 'hidden' })
  }

  /** Clicks Carbon's request button and waits for the pre-chat form, without answering it. */
  async openPreChat(): Promise<void> {
    const button = this.page.locator('.cds-aichat--connect-to-human-agent__request-button').last()
    await button.waitFor({ state: 'visible', timeout: 20_000 })
    await button.click()
    await this.preChatDialog.waitFor({ state: 'visible' })
  }

  /** The demo's pre-chat form (a modal dialog of the page, outside Carbon). */
  get preChatDialog() {
    return this.page.locator('[data-testid=prechat-dialog]')
  }

  /** The visitor ends the chat from Carbon's agent banner, confirming the dialog. */
  async endChat(): Promise<void> {
    await this.page.locator('.cds-aichat--human-agent-banner__button').first().click()
    await this.page.locator('.cds-aichat--confirm-modal__yes-button').first().click()
  }

  /**
   * Clicks a button of the post-chat survey (the adapter's `custom_event` button items, shown once the agent
   * ended the chat): a score (`'1'` to `'5'`) or `'Skip'`. The newest such button, so a later step's Skip wins.
   */
  async chooseRating(label: string): Promise<void> {
    const button = this.page.getByRole('button', { name: label, exact: true }).last()
    await button.waitFor({ state: 'visible', timeout: 20_000 })
    await button.click()
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

  /**
   * Sends each text as fast as the page takes it, as a visitor pasting and pressing Enter in a tight loop:
   * inside the page (no round trip to the test per message), each text put in Carbon's input in place of
   * what it holds, Enter once Carbon has read it (its input says it holds something), the next text once
   * Carbon has taken this one (its input says it holds nothing), yielding to the page meanwhile, not sleeping.
   */
  async sendAtOnce(texts: readonly string[]): Promise<void> {
    await this.input.click()
    await this.input.evaluate(async (input, all) => {
      // Carbon's input is a contenteditable box, `data-has-content` what Carbon's state holds of it.
      if (!(input instanceof HTMLElement)) throw new Error('Failed to find the chat input')
      const enter = { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, composed: true }
      const until = async (holds: boolean, text: string) => {
        for (let turns = 0; (input.dataset.hasContent === 'true') !== holds; turns++) {
          if (turns > 10_000) throw new Error(`Failed to send "${text}": Carbon's input never said it ${holds ? 'holds it' : 'took it'}`)
          await new Promise<void>((resolve) => {
            const channel = new MessageChannel()
            channel.port1.onmessage = () => resolve()
            channel.port2.postMessage(undefined)
          })
        }
      }
      for (const text of all) {
        input.focus()
        document.execCommand('selectAll')
        document.execCommand('insertText', false, text)
        await until(true, text)
        input.dispatchEvent(new KeyboardEvent('keydown', enter))
        input.dispatchEvent(new KeyboardEvent('keyup', enter))
        await until(false, text)
      }
    }, texts)
  }

  /**
   * Routes the page's sandbox socket through the test, so that the test can stall its uplink: `hold()` keeps
   * back what the page sends from then on (as a congested network does), `release()` lets it all reach the
   * middleware at once and says how many frames that was. What the middleware sends always goes through.
   * Call it before the socket opens (before escalating).
   */
  async routeSandboxSocket(): Promise<{ hold(): void; release(): number }> {
    let holding = false
    const held: Array<() => void> = []
    await this.page.routeWebSocket(/\/sandbox\/visitor/, (route) => {
      const server = route.connectToServer()
      route.onMessage((message) => {
        if (holding) held.push(() => server.send(message))
        else server.send(message)
      })
    })
    return {
      hold: () => {
        holding = true
      },
      release: () => {
        holding = false
        const frames = held.splice(0)
        for (const send of frames) send()
        return frames.length
      },
    }
  }

  /** The text of every message bubble, in order, read through Carbon's nested shadow roots. */
  async bubbleTexts(): Promise<string[]> {
    return this.page.locator('[data-testid^=message-by-index-]').evaluateAll((bubbles) => {
      const deepText = (node: Node): string => {
        const shadow = node instanceof Element ? node.shadowRoot : null
        const children = [...Array.from(shadow?.childNodes ?? []), ...Array.from(node.childNodes)]
        return node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '') : children.map(deepText).join(' ')
      }
      return bubbles.map((bubble) => deepText(bubble).replace(/\s+/g, ' ').trim())
    })
  }

  /** How many bubbles Carbon marks failed ("There was an error…" under a message the desk could not send). */
  async failedCount(): Promise<number> {
    return this.page.locator('.cds-aichat--message-error-failed').count()
  }

  /**
   * Answers the pre-chat form already open (see `openPreChat`), so a test can read the form first: `answers`
   * typed in (question key to answer), submitted, and the form gone.
   */
  async answerPreChat(answers: Record<string, string> = {}): Promise<void> {
    for (const [key, answer] of Object.entries(answers)) await this.page.locator(`[data-testid="prechat-${key}"]`).fill(answer)
    await this.page.locator('[data-testid=prechat-submit]').click()
    await this.preChatDialog.waitFor({ state: 'hidden' })
  }
}
