import { type ReplyFrame, SANDBOX_RATE_LIMITED, SandboxCloseCode } from '@flex-escalate/api'
import type { FastifyBaseLogger } from 'fastify'
import WebSocket from 'ws'
import type { Clock } from '../clock.js'
import type { FrameReader } from './frame-reader.js'
import type { HubLimits } from './limits.js'

/** A refusal to answer a request with: `code` for programs, `message` for people; `closeCode` closes the socket after the reply. */
export class FrameError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly closeCode?: number,
  ) {
    super(message)
    this.name = 'FrameError'
  }
}

/** What a handler does with one valid frame; its return value is the reply's `result`. */
export type FrameHandler<Frame> = (frame: Frame) => unknown

/**
 * One client socket, whatever its role: reads and validates frames, answers requests, and enforces the
 * per-socket bounds (rate, bad frames, send buffer). Handlers are synchronous (the sandbox is in memory),
 * so frames are handled strictly in the order they arrive.
 *
 * @example
 * const connection = new Connection(socket, reader, { limits, clock, log })
 * connection.listen((frame) => (frame.type === 'history' ? { messages: [] } : undefined))
 */
export class Connection<Frame extends { type: string }> {
  private strikes = 0
  private tokens: number
  private refilledAt: number
  private closing = false
  private readonly closeHandlers: (() => void)[] = []

  constructor(
    readonly socket: WebSocket,
    private readonly reader: FrameReader<Frame>,
    private readonly options: { limits: HubLimits; clock: Clock; log: FastifyBaseLogger },
  ) {
    this.tokens = options.limits.framesBurst
    this.refilledAt = options.clock.now()
    socket.once('close', () => {
      this.closing = true
      for (const handler of this.closeHandlers.splice(0)) handler()
    })
  }

  get open(): boolean {
    return !this.closing && this.socket.readyState === WebSocket.OPEN
  }

  onClose(handler: () => void): void {
    if (this.socket.readyState === WebSocket.CLOSED) handler()
    else this.closeHandlers.push(handler)
  }

  listen(handle: FrameHandler<Frame>): void {
    this.socket.on('message', (data, isBinary) => this.receive(data, isBinary, handle))
  }

  /** Sends an event or reply; a socket that stopped reading and let too much pile up is dropped. */
  send(frame: object): void {
    if (!this.open) return
    if (this.socket.bufferedAmount > this.options.limits.maxBufferedBytes) {
      this.options.log.warn({ bufferedAmount: this.socket.bufferedAmount }, 'sandbox socket dropped: it does not read what it is sent')
      this.closing = true
      this.socket.terminate()
      return
    }
    this.socket.send(JSON.stringify(frame))
  }

  reply(id: number, result: unknown): void {
    const frame: ReplyFrame = result === undefined ? { type: 'reply', id, ok: true } : { type: 'reply', id, ok: true, result }
    this.send(frame)
  }

  replyError(id: number | undefined, code: string, message: string): void {
    if (id !== undefined) this.send({ type: 'reply', id, ok: false, error: { code, message } } satisfies ReplyFrame)
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.closing = true
    // The reason travels in the close frame, which holds at most 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 120).toString())
  }

  private receive(data: WebSocket.RawData, isBinary: boolean, handle: FrameHandler<Frame>): void {
    if (this.closing) return
    if (!this.takeToken()) {
      const { framesPerSecond } = this.options.limits
      this.replyError(
        this.reader.idOf(data),
        SANDBOX_RATE_LIMITED,
        `Failed to handle the frame: more than ${framesPerSecond} frames a second. Please slow down.`,
      )
      this.strike()
      return
    }
    const read = this.reader.read(data, isBinary)
    if (!read.ok) {
      this.replyError(read.id, 'bad-request', read.message)
      this.strike()
      return
    }
    this.strikes = Math.max(0, this.strikes - 1)
    const id = 'id' in read.frame && typeof read.frame.id === 'number' ? read.frame.id : undefined
    try {
      const result = handle(read.frame)
      if (id !== undefined) this.reply(id, result)
    } catch (err) {
      const error = err instanceof FrameError ? err : new FrameError('refused', (err as Error).message)
      if (!(err instanceof FrameError)) this.options.log.debug({ err, type: read.frame.type }, 'sandbox request refused')
      this.replyError(id, error.code, error.message)
      if (error.closeCode !== undefined) this.close(error.closeCode, error.message)
    }
  }

  private strike(): void {
    if (++this.strikes >= this.options.limits.maxStrikes) {
      this.close(SandboxCloseCode.badRequest, 'Too many malformed frames. Please check the client against the sandbox protocol.')
    }
  }

  private takeToken(): boolean {
    const { framesPerSecond, framesBurst } = this.options.limits
    const now = this.options.clock.now()
    this.tokens = Math.min(framesBurst, this.tokens + ((now - this.refilledAt) / 1000) * framesPerSecond)
    this.refilledAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
