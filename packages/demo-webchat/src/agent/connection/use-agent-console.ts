import type { AgentEvent, AgentState } from '@flex-escalate/api'
import { AgentClient } from '@flex-escalate/servicedesk-twilio/sandbox'
import { useCallback, useEffect, useRef, useState } from 'react'
import { appendMessage } from './append-message.js'
import { type OutageEffect, OutageWatch } from './outage.js'
import type { AgentCommand, ConnectionStatus } from './protocol.js'
import { sendMessage as sendWithFiles } from './send-message.js'

/** A typing signal the server never ends (lost frame) stops showing after this long. */
const TYPING_STALE_MS = 6000

export interface RunOptions {
  /** Do not show a refusal: for background commands such as `read`. */
  quiet?: boolean
}

export interface AgentConsole {
  status: ConnectionStatus
  /** Why sign-in failed, or the last refused command. */
  error: string | undefined
  clearError(): void
  /** What an outage did, told once the socket is back (the sandbox restarted, say); shown until dismissed. */
  notice: string | undefined
  dismissNotice(): void
  state: AgentState | undefined
  /** `Date.now()` when `state` arrived: `waitingSeconds` counts from there. */
  stateAt: number
  /** Identities typing, per chat SID. */
  typing: Readonly<Record<string, readonly string[]>>
  /** Read horizons from `readHorizon` events, per chat SID and identity. */
  horizons: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Sends a command; a refusal is shown as `error` and resolves false. */
  run(command: AgentCommand, options?: RunOptions): Promise<boolean>
  /** Sends text, files or both as one message (`send-message.ts`); a refusal is shown as `error` and resolves false. */
  sendMessage(chatSid: string, body: string, files: readonly File[]): Promise<boolean>
  typingIn(chatSid: string): void
}

/**
 * The console's live view of the sandbox for the signed-in agent; `name` undefined means signed out;
 * `languages` are those the agent speaks (chats in them are offered to the agent first). The
 * connection is the adapter's `AgentClient`: reconnection, timeouts and frame checks are its business.
 *
 * @example
 * const agent = useAgentConsole('ws://127.0.0.1:4123/sandbox/agent', 'Ada')
 * if (agent.status === 'connected') void agent.run({ type: 'setActivity', activity: 'Available' })
 */
export function useAgentConsole(socketUrl: string, name: string | undefined, languages: readonly string[] = []): AgentConsole {
  // A list is a new array at each render: the connection depends on what it says.
  const spoken = languages.join(',')
  const [status, setStatus] = useState<ConnectionStatus>('closed')
  const [error, setError] = useState<string>()
  const [notice, setNotice] = useState<string>()
  const [state, setState] = useState<AgentState>()
  const [stateAt, setStateAt] = useState(0)
  const [typing, setTyping] = useState<Record<string, readonly string[]>>({})
  const [horizons, setHorizons] = useState<Record<string, Record<string, number>>>({})
  const clientRef = useRef<AgentClient | undefined>(undefined)
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const outage = useRef(new OutageWatch())

  const setTypingOf = useCallback((chatSid: string, identity: string, on: boolean) => {
    const key = `${chatSid}\n${identity}`
    clearTimeout(typingTimers.current.get(key))
    typingTimers.current.delete(key)
    if (on)
      typingTimers.current.set(
        key,
        setTimeout(() => setTypingOf(chatSid, identity, false), TYPING_STALE_MS),
      )
    setTyping((current) => {
      const others = (current[chatSid] ?? []).filter((who) => who !== identity)
      return { ...current, [chatSid]: on ? [...others, identity] : others }
    })
  }, [])

  const onEvent = useCallback(
    (event: Exclude<AgentEvent, { type: 'state' }>) => {
      if (event.type === 'typing') {
        setTypingOf(event.chatSid, event.identity, event.typing)
      } else if (event.type === 'messageAdded') {
        // Shown at once; the next state carries it too and replaces the view (frames arrive in order).
        setState((current) => current && appendMessage(current, event.chatSid, event.message))
      } else {
        setHorizons((current) => {
          const chat = current[event.chatSid] ?? {}
          if ((chat[event.identity] ?? -1) >= event.lastReadIndex) return current
          return { ...current, [event.chatSid]: { ...chat, [event.identity]: event.lastReadIndex } }
        })
      }
    },
    [setTypingOf],
  )

  useEffect(() => {
    if (!name) return
    setError(undefined)
    setNotice(undefined)
    const watch = new OutageWatch()
    outage.current = watch
    const apply = ({ notice, restoreActivity, clearError }: OutageEffect) => {
      if (notice !== undefined) setNotice(notice)
      if (clearError) setError(undefined)
      // A restarted sandbox signs the agent in Offline, having forgotten the choice: make it again.
      if (restoreActivity !== undefined) {
        void clientRef.current?.request({ type: 'setActivity', activity: restoreActivity }).catch((failure: unknown) => {
          const why = failure instanceof Error ? failure.message : String(failure)
          setError(`Failed to set you ${restoreActivity} again after the sandbox restarted (${why}). Please choose your availability.`)
        })
      }
    }
    const client = new AgentClient(
      socketUrl,
      { name, languages: spoken ? spoken.split(',') : [] },
      {
        status: (next, why) => {
          setStatus(next)
          apply(watch.status(next))
          if (why) setError(why)
        },
        state: (next) => {
          setState(next)
          setStateAt(Date.now())
          apply(watch.state(next))
        },
        event: onEvent,
      },
    )
    clientRef.current = client
    client.start()
    const timers = typingTimers.current
    return () => {
      client.stop()
      clientRef.current = undefined
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
      setState(undefined)
      setTyping({})
      setHorizons({})
    }
  }, [socketUrl, name, spoken, onEvent])

  const run = useCallback(async (command: AgentCommand, options: RunOptions = {}): Promise<boolean> => {
    const client = clientRef.current
    if (!client) return false
    try {
      await client.request(command)
      return true
    } catch (failure) {
      if (!options.quiet) {
        outage.current.commandFailed()
        setError(failure instanceof Error ? failure.message : String(failure))
      }
      return false
    }
  }, [])

  const sendMessage = useCallback(async (chatSid: string, body: string, files: readonly File[]): Promise<boolean> => {
    const client = clientRef.current
    if (!client) return false
    try {
      await sendWithFiles(client.request.bind(client), chatSid, body, files)
      return true
    } catch (failure) {
      outage.current.commandFailed()
      setError(failure instanceof Error ? failure.message : String(failure))
      return false
    }
  }, [])

  const typingIn = useCallback((chatSid: string) => clientRef.current?.signal({ type: 'typing', chatSid }), [])
  const clearError = useCallback(() => setError(undefined), [])
  const dismissNotice = useCallback(() => setNotice(undefined), [])

  return { status, error, clearError, notice, dismissNotice, state, stateAt, typing, horizons, run, sendMessage, typingIn }
}
