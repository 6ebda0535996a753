import type { AgentEvent, ReplyFrame, VisitorEvent } from '@flex-escalate/api'
import WebSocket from 'ws'

/** Any frame the server sends on either socket; `next` narrows it by `type`. */
export type ServerFrame = VisitorEvent | AgentEvent | ReplyFrame
export type FrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>

const WAIT_MS = 4000

/**
 * A `ws` client for tests: requests get ids and resolve with their reply; events are kept until a test
 * takes them with `next`, so nothing is lost between two awaits.
 *
 * @example
 * const socket = await TestSocket.open(`${wsBase}/sandbox/agent`)
 * const reply = await socket.request({ type: 'signIn', name: 'Ada' })
 * const offer = await socket.next('state', (s) => s.state.offers.length > 0)
 */
export class TestSocket {
  private readonly inbox: ServerFrame[] = []
  private readonly waiters = new Set<() => void>()
  private nextId = 1
  readonly closed: Promise<{ code: number; reason: string }>
  /** This client's TCP port: the remote port of the server's side of the socket (the harness's `disconnect` pairs them). */
  localPort: number | undefined

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.inbox.push(JSON.parse(data.toString()) as ServerFrame)
      for (const wake of [...this.waiters]) wake()
    })
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  }

  /** Opens a socket; `origin` sets the `Origin` header, as a browser page on that origin would. */
  static async open(url: string, options: { origin?: string } = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options.origin === undefined ? {} : { origin: options.origin })
    const socket = new TestSocket(ws)
    ws.once('upgrade', (response) => (socket.localPort = response.socket.localPort))
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return socket
  }

  /** Sends a request with a fresh id and waits for its reply. */
  async request(frame: Record<string, unknown>): Promise<ReplyFrame> {
    const id = this.nextId++
    this.sendRaw(JSON.stringify({ ...frame, id }))
    return this.next('reply', (reply) => reply.id === id)
  }

  /** Like {@link request}, but fails the test unless the reply is ok; returns its result. */
  async ok<T = Record<string, unknown>>(frame: Record<string, unknown>): Promise<T> {
    const reply = await this.request(frame)
    if (!reply.ok) throw new Error(`${String(frame.type)} was refused: ${reply.error.code}: ${reply.error.message}`)
    return reply.result as T
  }

  send(frame: Record<string, unknown>): void {
    this.sendRaw(JSON.stringify(frame))
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data)
  }

  /** Takes the first frame of this type (matching `where`) received so far or within the wait. */
  next<K extends ServerFrame['type']>(type: K, where: (frame: FrameOf<K>) => boolean = () => true, waitMs = WAIT_MS): Promise<FrameOf<K>> {
    const matches = (frame: ServerFrame): frame is FrameOf<K> => frame.type === type
    return new Promise((resolve, reject) => {
      const look = () => {
        const index = this.inbox.findIndex((frame) => matches(frame) && where(frame))
        if (index < 0) return false
        const [frame] = this.inbox.splice(index, 1)
        this.waiters.delete(wake)
        clearTimeout(timer)
        resolve(frame as FrameOf<K>)
        return true
      }
      const wake = () => void look()
      const timer = setTimeout(() => {
        this.waiters.delete(wake)
        reject(new Error(`no ${type} frame within ${waitMs} ms; received: ${JSON.stringify(this.inbox.map((f) => f.type))}`))
      }, waitMs)
      if (!look()) this.waiters.add(wake)
    })
  }

  /** Frames of this type received and not yet taken. */
  pending(type: ServerFrame['type']): ServerFrame[] {
    return this.inbox.filter((frame) => frame.type === type)
  }

  close(): void {
    this.ws.close()
  }
}
