/** The visitor's answers, question key to answer, or `undefined` when they cancelled. */
export type PreChatAnswers = Record<string, string>

/**
 * The bridge between Carbon's `human_agent:pre:startChat` handler, which waits for the answers, and the
 * form that collects them (a React component subscribed to it). One question at a time: asking again while
 * a form is open cancels the first (Carbon never starts two chats at once, so that only happens on a reset).
 *
 * @example
 * const prompt = new PreChatPrompt()
 * const answers = prompt.ask() // the form opens
 * prompt.answer({ name: 'Ada' }) // answers resolves to { name: 'Ada' }; prompt.answer(undefined) cancels
 */
export class PreChatPrompt {
  #pending: ((answers: PreChatAnswers | undefined) => void) | undefined
  #listeners = new Set<() => void>()

  /** True while a form is waiting for the visitor. */
  get open(): boolean {
    return this.#pending !== undefined
  }

  /** Opens the form; resolves with the answers, or `undefined` when the visitor cancels. */
  ask(): Promise<PreChatAnswers | undefined> {
    this.#settle(undefined)
    return new Promise((resolve) => {
      this.#pending = resolve
      this.#notify()
    })
  }

  /** The form's result: the answers, or `undefined` for cancel. Ignored when no form is open. */
  answer(answers: PreChatAnswers | undefined): void {
    if (this.#settle(answers)) this.#notify()
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #settle(answers: PreChatAnswers | undefined): boolean {
    const pending = this.#pending
    this.#pending = undefined
    pending?.(answers)
    return pending !== undefined
  }

  #notify(): void {
    for (const listener of this.#listeners) listener()
  }
}
