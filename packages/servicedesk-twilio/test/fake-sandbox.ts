/**
 * The sandbox's `/sandbox/visitor` endpoint, played by a real `ws` server on 127.0.0.1 for the tests. Every
 * client frame is checked against the protocol's `VisitorRequest` schema (a bad one closes the socket with
 * 4400 and is kept in `invalid`); every reply and event it sends passes the protocol's schemas too.
 */
import { ReplyFrame, type VisitorEvent, type VisitorReady, VisitorRequest, WireMember, WireMessage } from '@flex-escalate/api'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { type WebSocket, WebSocketServer } from 'ws'
import { VISITOR } from './middleware.js'

export const SANDBOX_CHAT_SID = `CH${'0123456789abcdef'.repeat(2)}`
/** The identity `/auth` gives the visitor in the msw middleware too. */
export const SANDBOX_VISITOR = VISITOR
export const SANDBOX_TOKEN = 'sandbox-token-1'

function checked<T>(schema: TSchema, value: T): T {
  if (!Value.Check(schema, value)) throw new Error(`Test bug: ${JSON.stringify(value)} does not match the sandbox protocol`)
  return value
}

/**
 * A sandbox member.
 *
 * @example
 * wireMember('agent-ana', 'Ana', { avatarUrl: 'https://cdn.example.test/a.png' })
 */
export function wireMember(identity: string, displayName: string, extra: Partial<WireMember> = {}): WireMember {
  return checked(WireMember, { identity, role: identity === SANDBOX_VISITOR ? 'visitor' : 'agent', displayName, ...extra })
}

export function wireMessage(index: number, author: string, body: string, extra: Partial<WireMessage> = {}): WireMessage {
  return checked(WireMessage, { index, author, body, attributes: {}, createdAt: new Date(0).toISOString(), ...extra })
}

type Request = Extract<VisitorRequest, { id: number }>

export class FakeSandbox {
  /** Every valid frame a client sent, in order. */
  readonly frames: VisitorRequest[] = []
  /** Frames that broke the protocol (a test expects none). */
  readonly invalid: unknown[] = []
  /** Close codes clients closed with. */
  readonly clientCloses: number[] = []
  readonly tokens = new Set([SANDBOX_TOKEN])
  chatState: 'active' | 'closed' = 'active'
  members: WireMember[] = [wireMember(SANDBOX_VISITOR, 'Visitor')]
  messages: WireMessage[] = []
  /** Request types left unanswered (to test timeouts and repeats after a drop). */
  readonly unanswered = new Set<Request['type']>()
  /** Request types answered `ok: false` with this error. */
  readonly refused = new Map<Request['type'], { code: string; message: string }>()
  /** Messages per `history` reply: the real sandbox pages by size, and the client must ask again. */
  historyPageSize = 2
  /** Replaces the `history` answer (to play a sandbox that misbehaves). */
  historyFrom: ((afterIndex: number) => WireMessage[]) | undefined
  /** How many sockets were opened. */
  connections = 0
  /** Closes each new socket at once with this code (e.g. 4000 while "restarting"). */
  refuseWith: number | undefined
  /** The chat is unknown, as to a sandbox that restarted: `authenticate` for it closes with 4404. */
  forgotten = false
  readonly #clients = new Set<WebSocket>()

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => this.#accept(socket))
  }

  static async start(): Promise<FakeSandbox> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/sandbox/visitor' })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    return new FakeSandbox(server)
  }

  get url(): string {
    const address = this.server.address()
    if (typeof address !== 'object' || address === null) throw new Error('The fake sandbox is not listening')
    return `ws://127.0.0.1:${address.port}/sandbox/visitor`
  }

  /** Authenticated sockets open now. */
  get clients(): number {
    return this.#clients.size
  }

  of<T extends VisitorRequest['type']>(type: T): Array<Extract<VisitorRequest, { type: T }>> {
    return this.frames.filter((frame): frame is Extract<VisitorRequest, { type: T }> => frame.type === type)
  }

  /** Sends an event to every authenticated socket. */
  emit(event: VisitorEvent): void {
    for (const client of this.#clients) client.send(JSON.stringify(event))
  }

  /** Closes every socket with `code` (4000 restarting, 4401, 4404, ...). */
  closeClients(code: number): void {
    for (const client of this.#clients) client.close(code)
  }

  /** Cuts every socket without a close frame: what a lost network looks like (the browser reports 1006). */
  dropClients(): void {
    for (const client of this.#clients) client.terminate()
  }

  /** Back to a fresh chat, with every socket cut. */
  reset(): void {
    this.dropClients()
    Object.assign(this, { chatState: 'active', members: [wireMember(SANDBOX_VISITOR, 'Visitor')], messages: [], connections: 0 })
    this.refuseWith = undefined
    this.forgotten = false
    this.historyPageSize = 2
    this.historyFrom = undefined
    for (const list of [this.frames, this.invalid, this.clientCloses]) list.length = 0
    this.unanswered.clear()
    this.refused.clear()
    this.tokens.clear()
    this.tokens.add(SANDBOX_TOKEN)
  }

  async stop(): Promise<void> {
    this.dropClients()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  #accept(socket: WebSocket): void {
    this.connections += 1
    if (this.refuseWith !== undefined) {
      socket.close(this.refuseWith)
      return
    }
    let authenticated = false
    socket.on('close', (code) => {
      this.#clients.delete(socket)
      this.clientCloses.push(code)
    })
    socket.on('message', (data) => {
      const frame: unknown = JSON.parse(String(data))
      if (!Value.Check(VisitorRequest, frame) || authenticated === (frame.type === 'authenticate')) {
        this.invalid.push(frame)
        socket.close(4400)
        return
      }
      this.frames.push(frame)
      if (frame.type === 'typing' || this.unanswered.has(frame.type)) return
      const error = this.refused.get(frame.type)
      if (error) {
        this.#send(socket, ReplyFrame, { type: 'reply', id: frame.id, ok: false, error })
        return
      }
      if (frame.type !== 'authenticate') {
        this.#reply(socket, frame)
        return
      }
      if (!this.tokens.has(frame.token)) {
        this.#send(socket, ReplyFrame, { type: 'reply', id: frame.id, ok: false, error: { code: 'unauthorized', message: 'Bad token' } })
        socket.close(4401)
        return
      }
      if (frame.chatSid !== SANDBOX_CHAT_SID || this.forgotten) {
        socket.close(4404)
        return
      }
      authenticated = true
      this.#clients.add(socket)
      const ready: VisitorReady = { chat: { sid: SANDBOX_CHAT_SID, state: this.chatState }, members: this.members, tokenExpiresIn: 3600 }
      this.#send(socket, ReplyFrame, { type: 'reply', id: frame.id, ok: true, result: ready })
    })
  }

  #reply(socket: WebSocket, frame: Exclude<Request, { type: 'authenticate' }>): void {
    const ok = (result?: unknown) => this.#send(socket, ReplyFrame, { type: 'reply', id: frame.id, ok: true, result })
    switch (frame.type) {
      case 'send': {
        // As the protocol says: a repeat with the same messageId gets the stored index, not a second message.
        const known = this.messages.find((item) => item.attributes.messageId === frame.attributes.messageId)
        if (known) {
          ok({ index: known.index })
          return
        }
        const { media } = frame
        const message = wireMessage(this.messages.length, SANDBOX_VISITOR, frame.body, {
          attributes: frame.attributes,
          ...(media && {
            media: { filename: media.filename, contentType: media.contentType, size: media.dataUrl.length, url: media.dataUrl },
          }),
        })
        this.messages.push(message)
        ok({ index: message.index })
        this.emit({ type: 'messageAdded', message })
        return
      }
      case 'history':
        ok({
          messages:
            this.historyFrom?.(frame.afterIndex) ??
            this.messages.filter((item) => item.index > frame.afterIndex).slice(0, this.historyPageSize),
        })
        return
      case 'updateToken':
        this.tokens.add(frame.token)
        ok()
        return
      default:
        ok()
    }
  }

  #send(socket: WebSocket, schema: TSchema, frame: unknown): void {
    socket.send(JSON.stringify(checked(schema, frame)))
  }
}
