/**
 * One WebSocket to the sandbox's `/sandbox/visitor` endpoint (protocol: `@flex-escalate/api`'s `sandbox.ts`):
 * JSON text frames, requests numbered by `id` and answered by one `reply` each, every other frame handed to
 * the event handler. Reconnecting is the transport's business: a socket is used once.
 */
import type { SandboxCloseCode, VisitorRequest } from '@flex-escalate/api'
import { isRecord } from './transport-kit.js'

/** The part of the browser `WebSocket` used here. The `ws` package's `WebSocket` fits too (tests on Node). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void
}

export type SocketConstructor = new (url: string) => SocketLike

/**
 * The protocol's close codes. Typed against the API's constant (a changed code fails the compiler) but
 * written out here: importing the constant at run time would pull TypeBox into the browser bundle.
 */
export const CloseCode: typeof SandboxCloseCode = {
  normal: 1000,
  restarting: 4000,
  badRequest: 4400,
  unauthorized: 4401,
  notFound: 4404,
}

/** What a browser reports when the connection dropped without a close frame. */
export const ABNORMAL_CLOSE = 1006
const OPEN = 1

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
/** A request frame before the socket numbers it. */
export type SandboxCall = WithoutId<Extract<VisitorRequest, { id: number }>>
/** A frame the server does not answer (`typing`). */
export type SandboxNotice = Exclude<VisitorRequest, { id: number }>

/** The socket closed before the answer came. `code` is the close code (1006: the connection just dropped). */
export class ConnectionLost extends Error {
  override readonly name = 'ConnectionLost'

  constructor(readonly code: number) {
    super(`Failed to reach the chat sandbox: the connection closed (code ${code}). Please wait while it reconnects.`)
  }
}

/** No answer in time: the server is slow, or the connection died without either side noticing. */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer'
}

/** The server answered a request with `ok: false`. */
export class SandboxRefused extends Error {
  override readonly name = 'SandboxRefused'

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

function timeoutError(what: string, ms: number): NoAnswer {
  return new NoAnswer(`Failed to ${what}: the chat sandbox did not answer within ${ms} ms. Please check that the middleware is running.`)
}

/**
 * An open socket to the sandbox.
 *
 * @example
 * const socket = new SandboxSocket(WebSocket, 'ws://127.0.0.1:4000/sandbox/visitor', onEvent)
 * await socket.opened(10_000)
 * const ready = await socket.request({ type: 'authenticate', token, chatSid }, 10_000)
 */
export class SandboxSocket {
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #closeCode: number | undefined
  readonly #opened: Promise<void>
  private readonly socket: SocketLike
  /** Resolves with the close code once the socket has closed, for whatever reason. */
  readonly closed: Promise<number>

  /** Starts opening a socket to `url`; `opened()` says when it is usable. */
  constructor(WebSocketImpl: SocketConstructor, url: string, onEvent: (frame: Record<string, unknown> & { type: string }) => void) {
    const socket = new WebSocketImpl(url)
    this.socket = socket
    // A close event always follows an error; the listener is there because `ws` throws an unheard 'error'.
    socket.addEventListener('error', () => undefined)
    this.closed = new Promise((resolve) => {
      socket.addEventListener('close', ({ code }) => {
        this.#closeCode = code || ABNORMAL_CLOSE
        for (const [id, pending] of this.#pending) this.#settle(id, pending, new ConnectionLost(this.#closeCode))
        resolve(this.#closeCode)
      })
    })
    this.#opened = new Promise((resolve) => socket.addEventListener('open', () => resolve()))
    socket.addEventListener('message', ({ data }) => {
      const frame = parseFrame(data)
      if (!frame) return
      if (frame.type !== 'reply') return onEvent(frame)
      const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined
      if (!pending || typeof frame.id !== 'number') return
      if (frame.ok === true) return this.#settle(frame.id, pending, undefined, frame.result)
      const error = isRecord(frame.error) ? frame.error : {}
      const refused = new SandboxRefused(String(error.code ?? 'error'), String(error.message ?? 'The chat sandbox refused the request'))
      this.#settle(frame.id, pending, refused)
    })
  }

  /** Resolves once the socket is open; rejects with `ConnectionLost` if it closes first, or after `timeoutMs`. */
  async opened(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError('open the chat', timeoutMs)), timeoutMs)
    })
    const closed = this.closed.then((code) => Promise.reject(new ConnectionLost(code)))
    try {
      await Promise.race([this.#opened, closed, timeout])
    } catch (error) {
      this.close(CloseCode.normal)
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  get isOpen(): boolean {
    return this.#closeCode === undefined && this.socket.readyState === OPEN
  }

  /** Sends a request and resolves with its `result`; rejects on `ok: false`, a closed socket or a timeout. */
  request(call: SandboxCall, timeoutMs: number): Promise<unknown> {
    if (this.#closeCode !== undefined) return Promise.reject(new ConnectionLost(this.#closeCode))
    const id = this.#nextId
    this.#nextId = (this.#nextId % 2 ** 31) + 1
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const pending = this.#pending.get(id)
        if (pending) this.#settle(id, pending, timeoutError(`get an answer to "${call.type}"`, timeoutMs))
      }, timeoutMs)
      const pending: Pending = { resolve, reject, timer }
      this.#pending.set(id, pending)
      try {
        this.socket.send(JSON.stringify({ ...call, id }))
      } catch {
        // Only a socket that is not open throws here: the same as losing it, for the caller.
        this.#settle(id, pending, new ConnectionLost(ABNORMAL_CLOSE))
      }
    })
  }

  /** Sends a frame the server does not answer; dropped when the socket is not open. */
  notify(notice: SandboxNotice): void {
    if (this.isOpen) this.socket.send(JSON.stringify(notice))
  }

  close(code: number): void {
    if (this.#closeCode === undefined) this.socket.close(code)
  }

  #settle(id: number, pending: Pending, error: Error | undefined, result?: unknown): void {
    clearTimeout(pending.timer)
    this.#pending.delete(id)
    if (error) pending.reject(error)
    else pending.resolve(result)
  }
}

function parseFrame(data: unknown): (Record<string, unknown> & { type: string }) | undefined {
  if (typeof data !== 'string') return undefined
  try {
    const frame: unknown = JSON.parse(data)
    return isRecord(frame) && typeof frame.type === 'string' ? (frame as Record<string, unknown> & { type: string }) : undefined
  } catch {
    // Not JSON: the protocol has only JSON frames, so this is noise to ignore, not a reason to drop the chat.
    return undefined
  }
}
