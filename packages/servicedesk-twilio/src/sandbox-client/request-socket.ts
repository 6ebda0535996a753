/**
 * One WebSocket to a sandbox endpoint (protocol: `@flex-escalate/api`'s `sandbox.ts`): JSON text frames,
 * requests numbered by `id` and answered by one `reply` each, every other frame handed to the event handler
 * once it passed the protocol's schema. Reconnecting is the client's business: a socket is used once.
 */
import { ABNORMAL_CLOSE, SandboxCloseCode } from '@flex-escalate/api/limits'
import { ConnectionLost, NoAnswer, SandboxRefused } from './errors.js'
import { readFrame, readResult } from './frame-reader.js'
import type { SandboxCall, SandboxEvent, SandboxNotice, SandboxProtocol, SandboxResult } from './protocol.js'
import { withTimeout } from './with-timeout.js'

/** The part of the browser `WebSocket` used here. The `ws` package's `WebSocket` fits too (tests on Node). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason?: string }) => void): void
}

export type SocketConstructor = new (url: string) => SocketLike

const OPEN = 1
/** Request ids stay within the protocol's `id` schema (0 to 2^31). */
const MAX_ID = 2 ** 31

interface Pending {
  type: string
  resolve(result: unknown): void
  reject(error: Error): void
}

function noAnswer(what: string, ms: number): NoAnswer {
  return new NoAnswer(`Failed to ${what}: the chat sandbox did not answer within ${ms} ms. Please check that the middleware is running.`)
}

/**
 * An open socket to the sandbox.
 *
 * @example
 * const socket = new RequestSocket(WebSocket, 'ws://127.0.0.1:4000/sandbox/visitor', VisitorProtocol, onEvent)
 * await socket.opened(10_000)
 * const ready = await socket.request({ type: 'authenticate', token, chatSid }, 10_000) // VisitorReady
 */
export class RequestSocket<P extends SandboxProtocol> {
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #close: { code: number; reason: string } | undefined
  readonly #opened: Promise<void>
  readonly #socket: SocketLike
  /** Resolves with the close code once the socket has closed, for whatever reason. */
  readonly closed: Promise<number>

  /** Starts opening a socket to `url`; `opened()` says when it is usable. */
  constructor(
    WebSocketImpl: SocketConstructor,
    url: string,
    private readonly protocol: P,
    onEvent: (event: SandboxEvent<P>) => void,
  ) {
    const socket = new WebSocketImpl(url)
    this.#socket = socket
    // A close event always follows an error; the listener is there because `ws` throws an unheard 'error'.
    socket.addEventListener('error', () => undefined)
    this.closed = new Promise((resolve) => {
      socket.addEventListener('close', ({ code, reason }) => {
        const closed = { code: code || ABNORMAL_CLOSE, reason: reason ?? '' }
        this.#close = closed
        for (const [id, pending] of this.#pending) this.#settle(id, pending, this.#lost())
        resolve(closed.code)
      })
    })
    this.#opened = new Promise((resolve) => socket.addEventListener('open', () => resolve()))
    socket.addEventListener('message', ({ data }) => {
      const frame = readFrame(protocol, data)
      if (frame?.kind === 'event') return onEvent(frame.event)
      const reply = frame?.reply
      const pending = reply && this.#pending.get(reply.id)
      if (!reply || !pending) return
      if (!reply.ok) return this.#settle(reply.id, pending, new SandboxRefused(reply.error.code, reply.error.message))
      try {
        this.#settle(reply.id, pending, undefined, readResult(this.protocol, pending.type, reply.result))
      } catch (error) {
        this.#settle(reply.id, pending, error instanceof Error ? error : new Error(String(error)))
      }
    })
  }

  /** Resolves once the socket is open; rejects with `ConnectionLost` if it closes first, or after `timeoutMs`. */
  async opened(timeoutMs: number): Promise<void> {
    const closed = this.closed.then(() => Promise.reject(this.#lost()))
    try {
      await withTimeout(Promise.race([this.#opened, closed]), timeoutMs, () => {
        throw noAnswer('open the chat', timeoutMs)
      })
    } catch (error) {
      this.close(SandboxCloseCode.normal)
      throw error
    }
  }

  get isOpen(): boolean {
    return this.#close === undefined && this.#socket.readyState === OPEN
  }

  /** Sends a request and resolves with its checked `result`; rejects on `ok: false`, a bad result, a closed socket or a timeout. */
  request<C extends SandboxCall<P>>(call: C, timeoutMs: number): Promise<SandboxResult<P, C['type']>> {
    if (this.#close !== undefined) return Promise.reject(this.#lost())
    const id = this.#nextId
    this.#nextId = (this.#nextId % MAX_ID) + 1
    const answered = new Promise<unknown>((resolve, reject) => {
      const pending: Pending = { type: call.type, resolve, reject }
      this.#pending.set(id, pending)
      try {
        this.#socket.send(JSON.stringify({ ...call, id }))
      } catch {
        // Only a socket that is not open throws here: the same as losing it, for the caller.
        this.#settle(id, pending, new ConnectionLost(ABNORMAL_CLOSE))
      }
    })
    const timedOut = () => {
      this.#pending.delete(id)
      throw noAnswer(`get an answer to "${call.type}"`, timeoutMs)
    }
    return withTimeout(answered, timeoutMs, timedOut) as Promise<SandboxResult<P, C['type']>>
  }

  /** Sends a frame the server does not answer; dropped when the socket is not open. */
  notify(notice: SandboxNotice<P>): void {
    if (this.isOpen) this.#socket.send(JSON.stringify(notice))
  }

  close(code: number): void {
    if (this.#close === undefined) this.#socket.close(code)
  }

  #lost(): ConnectionLost {
    return new ConnectionLost(this.#close?.code ?? ABNORMAL_CLOSE, this.#close?.reason)
  }

  #settle(id: number, pending: Pending, error: Error | undefined, result?: unknown): void {
    this.#pending.delete(id)
    if (error) pending.reject(error)
    else pending.resolve(result)
  }
}
