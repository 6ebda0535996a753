import type { AgentEvent, AgentState } from '@flex-escalate/api'
import { SandboxCloseCode } from '@flex-escalate/api'
import { type AgentCommand, AgentRequestError, type AgentSignal, isAgentState, parseServerFrame } from './protocol.js'

/** The part of the browser's WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export type ConnectionStatus =
  /** First connection and sign-in in progress. */
  | 'connecting'
  | 'connected'
  /** The socket dropped; trying again and signing in with the same name. */
  | 'reconnecting'
  /** Sign-in was refused; `error` says why. Nothing is retried. */
  | 'failed'
  | 'closed'

export interface AgentSocketHandlers {
  onStatus(status: ConnectionStatus, error?: string): void
  onState(state: AgentState): void
  onEvent(event: Exclude<AgentEvent, { type: 'state' }>): void
}

export interface AgentSocketOptions {
  createSocket?: (url: string) => SocketLike
  /** Delays between reconnection attempts; the last one repeats. The server keeps the agent ~10 s. */
  retryDelaysMs?: readonly number[]
}

const OPEN = 1

/** The browser's WebSocket behind {@link SocketLike}; its handler types are narrower than a fake needs. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url)
  const socket: SocketLike = {
    get readyState() {
      return ws.readyState
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  }
  ws.onopen = (event) => socket.onopen?.(event)
  ws.onmessage = (event) => socket.onmessage?.({ data: event.data })
  ws.onclose = (event) => socket.onclose?.({ code: event.code, reason: event.reason })
  ws.onerror = (event) => socket.onerror?.(event)
  return socket
}
const DEFAULT_DELAYS = [250, 1000, 2000, 3000] as const

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
}

/**
 * The agent console's connection to `/sandbox/agent`: signs in by name, numbers requests and matches their
 * replies, and after a drop reconnects and signs in again with the same name, which the server treats as the
 * same agent (its chats and offers are kept for a few seconds).
 */
export class AgentSocket {
  private socket: SocketLike | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private stopped = false
  private signedInOnce = false
  /** Signed in on the current socket: requests before that would be refused by the server. */
  private connected = false
  private readonly createSocket: (url: string) => SocketLike
  private readonly delays: readonly number[]

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly handlers: AgentSocketHandlers,
    options: AgentSocketOptions = {},
  ) {
    this.createSocket = options.createSocket ?? browserSocket
    this.delays = options.retryDelaysMs ?? DEFAULT_DELAYS
  }

  start(): void {
    this.stopped = false
    this.open()
  }

  /** Closes for good (sign out, page unmount). */
  stop(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    this.rejectPending(new Error('Signed out.'))
    this.socket?.close(SandboxCloseCode.normal, 'signed out')
    this.socket = undefined
    this.handlers.onStatus('closed')
  }

  /** Sends a request and resolves with its result; rejects with {@link AgentRequestError} when refused. */
  request(command: AgentCommand): Promise<unknown> {
    const socket = this.socket
    if (!socket || socket.readyState !== OPEN || !this.connected) {
      return Promise.reject(new Error('Not connected to the sandbox: wait for the connection to come back.'))
    }
    return this.sendRequest(socket, command)
  }

  /** Fire and forget (typing): dropped silently while disconnected, as a missed typing signal is harmless. */
  signal(frame: AgentSignal): void {
    if (this.socket?.readyState === OPEN && this.connected) this.socket.send(JSON.stringify(frame))
  }

  private open(): void {
    this.handlers.onStatus(this.signedInOnce ? 'reconnecting' : 'connecting')
    const socket = this.createSocket(this.url)
    this.socket = socket
    socket.onopen = () => void this.signIn(socket)
    socket.onmessage = (event) => this.receive(event.data)
    socket.onerror = () => {
      // Always followed by `close`, which decides what to do.
    }
    socket.onclose = (event) => this.closed(socket, event.code, event.reason)
  }

  private async signIn(socket: SocketLike): Promise<void> {
    try {
      const result = await this.sendRequest(socket, { type: 'signIn', name: this.name })
      if (socket !== this.socket) return
      this.connected = true
      this.signedInOnce = true
      this.attempt = 0
      this.handlers.onStatus('connected')
      if (isAgentState(result)) this.handlers.onState(result)
    } catch (error) {
      if (socket !== this.socket || !(error instanceof AgentRequestError)) return
      // The server refused the name: retrying would be refused again.
      this.stopped = true
      socket.close(SandboxCloseCode.normal, 'sign-in refused')
      this.handlers.onStatus('failed', error.message)
    }
  }

  private sendRequest(socket: SocketLike, command: AgentCommand): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ ...command, id }))
    })
  }

  private receive(data: unknown): void {
    const frame = parseServerFrame(data)
    if (!frame) return
    if (frame.type === 'reply') {
      const pending = this.pending.get(frame.id)
      if (!pending) return
      this.pending.delete(frame.id)
      if (frame.ok) pending.resolve(frame.result)
      else pending.reject(new AgentRequestError(frame.error.code, frame.error.message))
    } else if (frame.type === 'state') {
      this.handlers.onState(frame.state)
    } else {
      this.handlers.onEvent(frame)
    }
  }

  private closed(socket: SocketLike, code: number, reason: string): void {
    if (socket !== this.socket) return
    this.connected = false
    this.socket = undefined
    this.rejectPending(new Error('The connection to the sandbox dropped.'))
    if (this.stopped) return
    if (!this.signedInOnce && (code === SandboxCloseCode.badRequest || code === SandboxCloseCode.unauthorized)) {
      this.stopped = true
      this.handlers.onStatus('failed', reason || `The sandbox refused the connection (code ${code}).`)
      return
    }
    const delay = this.delays[Math.min(this.attempt, this.delays.length - 1)] ?? 1000
    this.attempt++
    this.handlers.onStatus(this.signedInOnce ? 'reconnecting' : 'connecting')
    this.retryTimer = setTimeout(() => this.open(), delay)
  }

  private rejectPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
