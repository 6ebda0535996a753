/**
 * The sandbox hub's rate limit, played on a manual clock for the burst tests: each socket is a token bucket
 * as the hub's `Connection` is (`framesBurst` tokens at first, `framesPerSecond` back a second, one per frame
 * of any kind), and a request that finds none is answered `rate-limited` and not handled. Sends are stored
 * as the sandbox stores them: a repeated visitor `messageId` gets the stored index, not a second message.
 * Sockets open and answer on the next microtask, so no real time passes.
 */
import { SANDBOX_FRAME_RATE, SANDBOX_RATE_LIMITED } from '@flex-escalate/api/limits'
import type { SocketConstructor, SocketLike } from '../../src/sandbox-client/request-socket.js'

export interface HubRate {
  framesPerSecond: number
  framesBurst: number
}

interface Frame {
  type: string
  id?: number
  body?: string
  attributes?: Record<string, string>
}

type Listener = (event: never) => void

export class FakeHub {
  /** Every frame that reached the hub, at the time it did (handshakes included). */
  readonly arrivals: Array<{ at: number; type: string }> = []
  /** The messages the hub stored, in order: what the other side sees. */
  readonly stored: Array<{ body: string; messageId: string | undefined }> = []
  /** Frames refused as `rate-limited`. */
  refused = 0
  readonly sockets: SocketLike[] = []
  /** The `WebSocket` class to hand the client under test. */
  readonly Socket: SocketConstructor

  constructor(
    readonly now: () => number,
    /** The handshake's result (a `VisitorReady` or an `AgentState`). */
    readonly ready: unknown,
    readonly rate: HubRate = SANDBOX_FRAME_RATE,
  ) {
    const hub = this
    this.Socket = class HubSocket implements SocketLike {
      readyState = 0
      readonly #listeners = new Map<string, Listener[]>()
      #tokens = rate.framesBurst
      #refilledAt = hub.now()

      constructor(readonly url: string) {
        hub.sockets.push(this)
        queueMicrotask(() => {
          this.readyState = 1
          this.#emit('open', {})
        })
      }

      addEventListener(type: string, listener: Listener): void {
        this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener])
      }

      send(data: string): void {
        if (this.readyState !== 1) throw new Error('The socket is not open')
        const frame = JSON.parse(data) as Frame
        hub.arrivals.push({ at: hub.now(), type: frame.type })
        if (!this.#takeToken()) {
          hub.refused += 1
          const error = { code: SANDBOX_RATE_LIMITED, message: 'Failed to handle the frame: more than allowed. Please slow down.' }
          if (frame.id !== undefined) this.#reply({ type: 'reply', id: frame.id, ok: false, error })
          return
        }
        const result = hub.#handle(frame)
        if (frame.id !== undefined) this.#reply({ type: 'reply', id: frame.id, ok: true, ...(result !== undefined && { result }) })
      }

      close(code = 1005): void {
        if (this.readyState === 3) return
        this.readyState = 3
        queueMicrotask(() => this.#emit('close', { code, reason: '' }))
      }

      #takeToken(): boolean {
        const now = hub.now()
        this.#tokens = Math.min(rate.framesBurst, this.#tokens + ((now - this.#refilledAt) / 1000) * rate.framesPerSecond)
        this.#refilledAt = now
        if (this.#tokens < 1) return false
        this.#tokens -= 1
        return true
      }

      #reply(frame: unknown): void {
        queueMicrotask(() => {
          if (this.readyState === 1) this.#emit('message', { data: JSON.stringify(frame) })
        })
      }

      #emit(type: string, event: unknown): void {
        for (const listener of this.#listeners.get(type) ?? []) (listener as (value: unknown) => void)(event)
      }
    }
  }

  /** The arrival times of the frames of one type. */
  timesOf(type: string): number[] {
    return this.arrivals.filter((arrival) => arrival.type === type).map((arrival) => arrival.at)
  }

  #handle(frame: Frame): unknown {
    switch (frame.type) {
      case 'authenticate':
      case 'signIn':
        return this.ready
      case 'send': {
        const messageId = frame.attributes?.messageId
        const known = messageId === undefined ? -1 : this.stored.findIndex((message) => message.messageId === messageId)
        if (known >= 0) return { index: known }
        this.stored.push({ body: frame.body ?? '', messageId })
        return { index: this.stored.length - 1 }
      }
      case 'history':
        return { messages: [] }
      default:
        return undefined
    }
  }
}
