import { SandboxCloseCode, type VisitorReady, type VisitorRequest, type WireMessage } from '@flex-escalate/api'
import type { ChatEvent, Message } from '../chat-model.js'
import type { VerifiedAccessToken } from '../sandbox-access-token.js'
import { newSid } from '../sids.js'
import { type Connection, FrameError } from './connection.js'
import type { HubContext } from './hub-context.js'
import { dataUrlBytes, type MediaBudget } from './media-budget.js'
import { TokenTimer } from './token-timer.js'
import { visitorEventFor } from './visitor-events.js'
import { toWireMember, toWireMessage, wireSize } from './wire.js'

type Request<T extends VisitorRequest['type']> = Extract<VisitorRequest, { type: T }>

/**
 * An authenticated visitor socket on one chat: what the adapter's `sandbox` transport talks to. While the
 * access token is expired it receives nothing and may only send `updateToken`; the new token resumes it,
 * and the messages it missed are sent first, so a late refresh loses nothing.
 *
 * @example
 * const session = new VisitorSession(ctx, connection, media, { identity, chatSid, expiresAt })
 * connection.reply(id, session.ready())
 */
export class VisitorSession {
  readonly identity: string
  readonly chatSid: string
  private paused = false
  private endedSent = false
  /** Newest message index this socket was sent (or may be assumed to have read through `history`). */
  private delivered: number
  private readonly token: TokenTimer

  constructor(
    private readonly ctx: HubContext,
    private readonly connection: Connection<VisitorRequest>,
    private readonly media: MediaBudget,
    auth: { identity: string; chatSid: string; expiresAt: Date },
  ) {
    this.identity = auth.identity
    this.chatSid = auth.chatSid
    this.delivered = ctx.sandbox.chats.chat(auth.chatSid)?.lastMessageIndex ?? -1
    this.token = new TokenTimer(
      ctx.clock,
      ctx.limits.tokenWarningSeconds,
      () => connection.send({ type: 'tokenAboutToExpire' }),
      () => {
        this.paused = true
        connection.send({ type: 'tokenExpired' })
      },
    )
    this.token.set(auth.expiresAt)
  }

  /** The result of `authenticate`. */
  ready(): VisitorReady {
    const chat = this.ctx.sandbox.chats.chat(this.chatSid)
    return {
      chat: { sid: this.chatSid, state: chat?.state ?? 'closed', ...(chat?.endReason && { endReason: chat.endReason }) },
      members: this.ctx.sandbox.chats.members(this.chatSid).map(toWireMember),
      tokenExpiresIn: this.secondsLeft(),
    }
  }

  /** Forwards one chat-store event of this chat. */
  deliver(event: ChatEvent): void {
    if (event.type === 'chat.removed') {
      this.connection.close(SandboxCloseCode.notFound, 'The chat ended and was removed. Please start a new chat.')
      return
    }
    if (this.paused) return
    const frame = visitorEventFor(event, this.identity)
    if (!frame) return
    if (frame.type === 'messageAdded') this.delivered = Math.max(this.delivered, frame.message.index)
    if (frame.type === 'chatEnded') this.endedSent = true
    this.connection.send(frame)
  }

  handle(frame: VisitorRequest): unknown {
    if (frame.type === 'updateToken') return this.updateToken(frame)
    if (this.paused) {
      throw new FrameError(
        'token-expired',
        `Failed to ${frame.type}: the access token expired. Please send updateToken with a fresh token from POST /auth/refresh.`,
      )
    }
    switch (frame.type) {
      case 'send':
        return this.send(frame)
      case 'history':
        return { messages: this.history(frame.afterIndex) }
      case 'read': {
        const { chats } = this.ctx.sandbox
        const member =
          frame.index === undefined
            ? chats.markAllRead(this.chatSid, this.identity)
            : chats.setLastReadIndex(this.chatSid, this.identity, frame.index)
        return { lastReadIndex: member.lastReadIndex ?? null }
      }
      case 'leave':
        this.ctx.sandbox.endChat(this.chatSid)
        // After the reply, which is sent synchronously once this returns.
        queueMicrotask(() => this.connection.close(SandboxCloseCode.normal, 'The visitor left the chat.'))
        return undefined
      case 'typing':
        this.ctx.sandbox.chats.startTyping(this.chatSid, this.identity)
        return undefined
      default:
        throw new FrameError(
          'bad-request',
          `Failed to handle ${frame.type}: the socket is already authenticated. Please send it only once.`,
        )
    }
  }

  dispose(): void {
    this.token.dispose()
  }

  private send(frame: Request<'send'>): { index: number } {
    const { chats } = this.ctx.sandbox
    if (chats.chat(this.chatSid)?.state !== 'active') {
      throw new FrameError('chat-closed', `Failed to send the message: chat ${this.chatSid} has ended. Please start a new chat.`)
    }
    // The protocol bounds attribute names to 64 characters; the compiled schema checks values, not names.
    const longName = Object.keys(frame.attributes).find((name) => name.length > 64)
    if (longName !== undefined) {
      throw new FrameError(
        'bad-request',
        `Failed to read the send frame: attribute name "${longName.slice(0, 20)}…" is longer than 64 characters. Please shorten it.`,
      )
    }
    let bytes = 0
    if (frame.media) {
      bytes = dataUrlBytes(frame.media.dataUrl) ?? 0
      // A retry of a file already stored is answered even when the budget is spent: it costs nothing more.
      const earlier = this.earlier(frame.attributes.messageId)
      if (earlier) return { index: earlier.index }
      this.media.check(this.chatSid, bytes)
    }
    const media = frame.media && [
      { sid: newSid('ME'), filename: frame.media.filename, contentType: frame.media.contentType, size: bytes, url: frame.media.dataUrl },
    ]
    const result = chats.sendMessage(this.chatSid, { author: this.identity, body: frame.body, attributes: frame.attributes, media })
    if (!result.duplicate && bytes > 0) this.media.add(this.chatSid, bytes)
    return { index: result.message.index }
  }

  /**
   * The kept message this visitor already sent with this id: the chat log's own lookup (newest first, on
   * the live records), so a file send copies no kept message, data URLs included.
   */
  private earlier(messageId: string | undefined): Message | undefined {
    if (!messageId) return undefined
    return this.ctx.sandbox.chats.earlier(this.chatSid, this.identity, messageId)
  }

  /** Messages after `afterIndex`, oldest first, at most `historyBytes` of them (at least one). */
  private history(afterIndex: number): WireMessage[] {
    const messages: Message[] = this.ctx.sandbox.chats.messagesAfter(this.chatSid, afterIndex)
    const page: WireMessage[] = []
    let bytes = 0
    for (const message of messages) {
      bytes += wireSize(message)
      if (page.length > 0 && bytes > this.ctx.limits.historyBytes) break
      page.push(toWireMessage(message))
    }
    const last = page.at(-1)
    if (last) this.delivered = Math.max(this.delivered, last.index)
    return page
  }

  private updateToken(frame: Request<'updateToken'>): { tokenExpiresIn: number } {
    let verified: VerifiedAccessToken
    try {
      verified = this.ctx.sandbox.tokens.verify(frame.token)
    } catch (err) {
      throw new FrameError('unauthorized', (err as Error).message)
    }
    if (verified.identity !== this.identity) {
      throw new FrameError(
        'unauthorized',
        'Failed to update the access token: it is for another visitor. Please refresh the token of this chat (POST /auth/refresh).',
      )
    }
    this.token.set(verified.expiresAt)
    if (this.paused) {
      this.paused = false
      queueMicrotask(() => this.catchUp())
    }
    return { tokenExpiresIn: this.secondsLeft() }
  }

  /** After a pause: what happened meanwhile, as the events the socket missed. */
  private catchUp(): void {
    for (let page = this.history(this.delivered); page.length > 0 && this.connection.open; page = this.history(this.delivered)) {
      for (const message of page) this.connection.send({ type: 'messageAdded', message })
    }
    if (!this.endedSent && this.ctx.sandbox.chats.chat(this.chatSid)?.state !== 'active') {
      this.endedSent = true
      this.connection.send({ type: 'chatEnded' })
    }
  }

  private secondsLeft(): number {
    const at = this.token.expiresAt?.getTime() ?? this.ctx.clock.now()
    return Math.max(0, Math.round((at - this.ctx.clock.now()) / 1000))
  }
}
