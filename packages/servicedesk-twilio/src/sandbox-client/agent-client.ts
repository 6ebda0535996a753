/**
 * The agent's side of the sandbox (`/sandbox/agent`), for the demo's console and for Node tools that play
 * an agent: the generic `SandboxClient` with the agent's handshake (`signIn` by name) and close rules.
 * Signing in again with the same name is the same agent to the server, which keeps a dropped agent's chats
 * and offers for about 10 s: hence the short backoff.
 */
import { AgentProtocol, type AgentState } from '@flex-escalate/api'
import { SandboxCloseCode } from '@flex-escalate/api/limits'
import type { BackoffBounds } from './backoff.js'
import type { CloseVerdict, SandboxClientOptions, SocketEnd } from './client-config.js'
import type { SandboxCall, SandboxEvent, SandboxNotice, SandboxResult } from './protocol.js'
import { SandboxClient } from './sandbox-client.js'

type Agent = typeof AgentProtocol

/** A request that expects a reply; the client numbers it. */
export type AgentCommand = SandboxCall<Agent>
/** A fire-and-forget frame (typing). */
export type AgentSignal = SandboxNotice<Agent>
type SignIn = Extract<AgentCommand, { type: 'signIn' }>

export type AgentConnectionStatus =
  /** First connection and sign-in in progress (also while the first attempts fail). */
  | 'connecting'
  | 'connected'
  /** The socket dropped; trying again and signing in with the same name. */
  | 'reconnecting'
  /** Sign-in was refused; the status's `error` says why. Nothing is retried. */
  | 'failed'
  /** `stop()` was called. */
  | 'closed'

export interface AgentClientHandlers {
  status(status: AgentConnectionStatus, error?: string): void
  /** The state after each sign-in and every `state` event. */
  state(state: AgentState): void
  event(event: Exclude<SandboxEvent<Agent>, { type: 'state' }>): void
}

/** Waits between attempts: 250 ms doubling to 3 s (with jitter), well inside the ~10 s the server keeps an agent. */
export const AGENT_BACKOFF: BackoffBounds = { minMs: 250, maxMs: 3_000 }

/**
 * A refused sign-in (a name in use, too many agents) would be refused again; so would a socket the server
 * closed as a bad or unauthorised request before any sign-in. Anything else, even after sign-in, is a drop.
 */
function agentVerdict({ code, refused, everReady }: SocketEnd): CloseVerdict {
  if (refused) return 'stop'
  return !everReady && (code === SandboxCloseCode.badRequest || code === SandboxCloseCode.unauthorized) ? 'stop' : 'retry'
}

/**
 * A console's connection to `/sandbox/agent`: signs in by name, reconnects and signs in again after a drop.
 * Requests made while the socket is down reject at once, and none is sent twice: an agent's `send` has no
 * id that would let the server recognise a repeat. Only a `rate-limited` refusal, which the hub answers
 * without handling the frame, is sent again. Requests are paced under the hub's limit, `send`s one at a time
 * in order, and typing signals over the pace are dropped.
 *
 * @example
 * const agent = new AgentClient('ws://127.0.0.1:4000/sandbox/agent', 'Ada', { status, state, event })
 * agent.start()
 * await agent.request({ type: 'setActivity', activity: 'Available' }) // once status is 'connected'
 */
export class AgentClient {
  readonly #client: SandboxClient<Agent, SignIn>

  /** `agent`: the name to sign in by, or the name and the languages the agent speaks (`['en', 'es']`). */
  constructor(
    private readonly url: string,
    agent: string | { name: string; languages?: readonly string[] | undefined },
    private readonly handlers: AgentClientHandlers,
    options: SandboxClientOptions = {},
  ) {
    const { name, languages } = typeof agent === 'string' ? { name: agent, languages: undefined } : agent
    const config = {
      protocol: AgentProtocol,
      handshake: (): SignIn => ({ type: 'signIn', name, ...(languages?.length ? { languages: [...languages] } : {}) }),
      verdict: agentVerdict,
      whileDown: 'reject',
      // A `rate-limited` refusal is sent again: the hub did not handle it, so the retry cannot repeat a message.
      inOrder: ['send'],
      notConnectedAdvice: 'Please wait for the connection to come back.',
    } as const
    let signedIn = false
    this.#client = new SandboxClient(
      config,
      { backoff: AGENT_BACKOFF, ...options },
      {
        event: (event) => (event.type === 'state' ? handlers.state(event.state) : handlers.event(event)),
        disconnected: () => handlers.status(signedIn ? 'reconnecting' : 'connecting'),
        ready: (state) => {
          signedIn = true
          handlers.status('connected')
          handlers.state(state)
        },
        stopped: ({ refused }, error) => handlers.status('failed', refused?.message ?? error.message),
      },
    )
  }

  /** Connects and signs in; keeps trying until signed in, refused, or stopped. */
  start(): void {
    this.handlers.status('connecting')
    this.#client.start(this.url)
  }

  /** Closes for good (sign out, page unmount): closes the socket with 1000 and never reconnects. */
  stop(): void {
    void this.#client.shutdown()
    this.handlers.status('closed')
  }

  /** Sends a request and resolves with its checked result; rejects with `SandboxRefused` when refused. */
  request<C extends AgentCommand>(command: C): Promise<SandboxResult<Agent, C['type']>> {
    return this.#client.request(command)
  }

  /** Fire and forget (typing): dropped while disconnected, as a missed typing signal is harmless. */
  signal(frame: AgentSignal): void {
    this.#client.notify(frame)
  }
}
