import type { Page } from 'playwright-core'

/** The agent console, driven through its `data-testid` contract. */
export class AgentPage {
  /** The name the agent signed in with (what the visitor sees). */
  name = ''

  constructor(readonly page: Page) {}

  private byTestId(id: string) {
    return this.page.locator(`[data-testid="${id}"]`)
  }

  /** Signs in as `name`; `languages` (e.g. `['es']`) fill the sign-in's "Languages you speak". */
  async signIn(
    url: string,
    name: string,
    activity: 'Available' | 'Unavailable' | 'Offline' = 'Available',
    languages?: readonly string[],
  ): Promise<void> {
    this.name = name
    await this.page.goto(url)
    await this.byTestId('agent-name').fill(name)
    if (languages !== undefined) await this.byTestId('agent-languages').fill(languages.join(', '))
    await this.byTestId('agent-sign-in').click()
    await this.setAvailability(activity)
  }

  async setAvailability(activity: 'Available' | 'Unavailable' | 'Offline'): Promise<void> {
    await this.byTestId('agent-availability').selectOption(activity)
  }

  get offerAccept() {
    return this.byTestId('offer-accept')
  }

  async acceptOffer(timeout = 20_000): Promise<void> {
    await this.offerAccept.click({ timeout })
  }

  async rejectOffer(): Promise<void> {
    await this.byTestId('offer-reject').click()
  }

  get queueRows() {
    return this.byTestId('queue-row')
  }

  async send(text: string): Promise<void> {
    await this.byTestId('chat-input').fill(text)
    await this.byTestId('chat-send').click()
  }

  /** Types without sending, so the visitor sees "agent is typing". */
  async typeWithoutSending(text: string): Promise<void> {
    await this.byTestId('chat-input').pressSequentially(text, { delay: 30 })
  }

  /** Sends what is typed in the composer. */
  async sendTyped(): Promise<void> {
    await this.byTestId('chat-send').click()
  }

  /** "Read" under the agent's last message: the visitor's read horizon reached it. */
  async expectReadReceipt(timeout = 15_000): Promise<void> {
    await this.byTestId('read-receipt').first().waitFor({ state: 'visible', timeout })
  }

  async expectMessage(text: string | RegExp, timeout = 20_000): Promise<void> {
    await this.byTestId('chat-message').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout })
  }

  async expectVisitorTyping(timeout = 15_000): Promise<void> {
    await this.byTestId('visitor-typing').waitFor({ state: 'visible', timeout })
  }

  async transferTo(target: string): Promise<void> {
    const select = this.byTestId('transfer-target')
    const value = await select.locator('option', { hasText: target }).first().getAttribute('value')
    await select.selectOption(value ?? target)
    await this.byTestId('transfer-submit').click()
  }

  async leave(): Promise<void> {
    await this.byTestId('chat-leave').click()
  }

  async end(): Promise<void> {
    await this.byTestId('chat-end').click()
  }

  async countMessages(text: string): Promise<number> {
    return this.byTestId('chat-message').filter({ hasText: text }).count()
  }

  /** Finishes wrap-up after the chat ended (frees the agent's capacity). */
  async completeWrapUp(): Promise<void> {
    await this.page.getByRole('button', { name: /complete wrap-up/i }).click()
  }

  /** How many chats the agent holds (the "My chats" list). */
  async chatCount(): Promise<number> {
    return this.byTestId('chat-tab').count()
  }

  async expectText(text: string | RegExp, timeout = 20_000): Promise<void> {
    await this.page.getByText(text).first().waitFor({ state: 'visible', timeout })
  }

  /** The bodies of the visitor's messages the open chat shows, in order. */
  async visitorMessages(): Promise<string[]> {
    return this.page.locator('[data-testid="chat-message"][data-author="visitor"] .message-body').allInnerTexts()
  }

  /**
   * Sends `text` as fast as the console takes it: fills the composer, sends, and waits until the composer
   * empties (the send succeeded) or the error banner shows (it failed, and the text stays: then this throws).
   */
  async sendAtOnce(text: string, timeout = 20_000): Promise<void> {
    await this.byTestId('chat-input').fill(text)
    await this.byTestId('chat-send').click()
    await this.page.waitForFunction(
      () =>
        document.querySelector<HTMLTextAreaElement>('[data-testid="chat-input"]')?.value === '' ||
        document.querySelector('[data-testid="console-error"]') !== null,
      undefined,
      { timeout },
    )
    const error = await this.errorBanner()
    if (error !== undefined) throw new Error(`Failed to send "${text}" from the console: ${error}`)
  }

  /**
   * Attaches `files` in the composer (its file picker, as an agent would) and sends them with `text`, if
   * given, as one message; waits until the composer empties (sent) and throws with the console's words when
   * a file is refused or the send fails.
   */
  async sendFiles(files: { name: string; mimeType: string; buffer: Buffer }[], text?: string, timeout = 20_000): Promise<void> {
    await this.attachFiles(files)
    if (text !== undefined) await this.byTestId('chat-input').fill(text)
    const refused = await this.attachmentProblems()
    if (refused.length > 0) throw new Error(`Failed to send ${files.map((file) => file.name).join(', ')}: ${refused.join(' ')}`)
    await this.byTestId('chat-send').click()
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="composer-attachment"]') === null ||
        document.querySelector('[data-testid="console-error"]') !== null,
      undefined,
      { timeout },
    )
    const error = await this.errorBanner()
    if (error !== undefined) throw new Error(`Failed to send ${files.map((file) => file.name).join(', ')} from the console: ${error}`)
  }

  /** Picks files in the composer without sending them (each shows in the composer, or its refusal does). */
  async attachFiles(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const before = await this.byTestId('composer-attachment').count()
    await this.byTestId('chat-attach-input').setInputFiles(files)
    // Refusals of an earlier pick are replaced by this pick's: each file shows as attached or refused.
    await this.page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="composer-attachment"], [data-testid="composer-file-problem"]').length >= count,
      before + files.length,
    )
  }

  /** The console's reasons for the files it refused in the composer, in order. */
  async attachmentProblems(): Promise<string[]> {
    return this.byTestId('composer-file-problem').allInnerTexts()
  }

  /** The console's error banner, if it shows one. */
  async errorBanner(): Promise<string | undefined> {
    const banner = this.byTestId('console-error')
    return (await banner.count()) > 0 ? ((await banner.first().textContent()) ?? '') : undefined
  }
}
