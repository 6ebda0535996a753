import { type FormEvent, useEffect, useId, useRef, useSyncExternalStore } from 'react'
import { PRE_CHAT_MAX_LENGTH, PRE_CHAT_QUESTIONS, preChatPayload } from '../../shared/pre-chat-questions.js'
import type { PreChatPrompt } from './pre-chat-prompt.js'
import { type PreChatStrings, questionText } from './pre-chat-strings.js'
import './pre-chat.css'

/**
 * The pre-chat form, a modal `<dialog>` of the page: the browser gives it the top layer (over Carbon's
 * window), moves focus into it, keeps focus there and closes it on Escape, which cancels the request.
 */
export function PreChatDialog({ prompt, strings }: { prompt: PreChatPrompt; strings: PreChatStrings }) {
  const open = useSyncExternalStore(prompt.subscribe, () => prompt.open)
  const dialog = useRef<HTMLDialogElement>(null)
  const form = useRef<HTMLFormElement>(null)
  const id = useId()

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) {
      form.current?.reset()
      element.showModal()
    } else if (!open && element.open) element.close()
  }, [open])

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    prompt.answer(preChatPayload(Object.fromEntries(PRE_CHAT_QUESTIONS.map(({ key }) => [key, String(data.get(key) ?? '')]))))
  }

  return (
    // Closing by any way but the submit button (Escape, Cancel) cancels; after an answer this is a no-op.
    <dialog
      ref={dialog}
      className="pre-chat"
      aria-labelledby={`${id}-title`}
      data-testid="prechat-dialog"
      onClose={() => prompt.answer(undefined)}
    >
      <form ref={form} onSubmit={submit}>
        <h2 id={`${id}-title`}>{strings.title}</h2>
        <p className="pre-chat-intro">{strings.intro}</p>
        {PRE_CHAT_QUESTIONS.map((question) => {
          const { key, autoComplete } = question
          const { label, hint } = questionText(strings, question)
          return (
            <div className="pre-chat-field" key={key}>
              <label htmlFor={`${id}-${key}`}>
                {label} <span className="pre-chat-optional">{strings.optional}</span>
              </label>
              <input
                id={`${id}-${key}`}
                name={key}
                autoComplete={autoComplete}
                maxLength={PRE_CHAT_MAX_LENGTH}
                aria-describedby={`${id}-${key}-hint`}
                data-testid={`prechat-${key}`}
              />
              <p id={`${id}-${key}-hint`} className="pre-chat-hint">
                {hint}
              </p>
            </div>
          )
        })}
        <div className="pre-chat-actions">
          <button type="button" className="pre-chat-button" data-testid="prechat-cancel" onClick={() => prompt.answer(undefined)}>
            {strings.cancel}
          </button>
          <button type="submit" className="pre-chat-button primary" data-testid="prechat-submit">
            {strings.submit}
          </button>
        </div>
      </form>
    </dialog>
  )
}
