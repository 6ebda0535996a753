import { type FormEvent, useState } from 'react'
import { parseLanguages } from './languages.js'
import './sign-in.css'

interface Props {
  initialName: string
  error: string | undefined
  onSignIn(name: string, languages: string[]): void
}

/** Sandbox sign-in: a name is all it takes (the protocol allows 1-60 characters with a non-space). */
export function SignIn({ initialName, error, onSignIn }: Props) {
  const [name, setName] = useState(initialName)
  const [languages, setLanguages] = useState('')
  const trimmed = name.trim()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (trimmed) onSignIn(trimmed, parseLanguages(languages))
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit}>
        <h1>Agent console</h1>
        <p className="muted">
          Sign in to the local Flex sandbox. No password: any name makes you an agent who can take the visitors' chats.
        </p>
        <label htmlFor="agent-name">Your name</label>
        <input
          id="agent-name"
          data-testid="agent-name"
          // biome-ignore lint/a11y/noAutofocus: the name is the page's only field and the one thing to do on it.
          autoFocus
          maxLength={60}
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. Ada"
        />
        <label htmlFor="agent-languages">Languages you speak</label>
        <input
          id="agent-languages"
          data-testid="agent-languages"
          maxLength={120}
          value={languages}
          onChange={(event) => setLanguages(event.target.value)}
          placeholder="e.g. en, es"
          aria-describedby="agent-languages-hint"
        />
        <p id="agent-languages-hint" className="muted small">
          Optional. A chat in one of them is offered to you before agents who do not speak it.
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="agent-sign-in" disabled={!trimmed}>
          Sign in
        </button>
      </form>
    </main>
  )
}
