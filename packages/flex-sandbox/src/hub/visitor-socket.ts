import { SandboxCloseCode, VisitorRequest } from '@flex-escalate/api'
import type WebSocket from 'ws'
import type { VerifiedAccessToken } from '../sandbox-access-token.js'
import { type Connection, FrameError } from './connection.js'
import { serveAfterFirstFrame } from './first-frame.js'
import { createFrameReader } from './frame-reader.js'
import type { ChatSubscribers, HubContext } from './hub-context.js'
import type { MediaBudget } from './media-budget.js'
import { VisitorSession } from './visitor-session.js'

const reader = createFrameReader<VisitorRequest>(VisitorRequest)

/**
 * Serves one socket on `/sandbox/visitor`: the first frame must be `authenticate` with the access token
 * from `POST /auth` and the chat it opened; then it is a {@link VisitorSession}.
 * 4401: bad or expired token, or a chat of another visitor; 4404: no such chat.
 *
 * @example
 * app.get('/sandbox/visitor', { websocket: true }, (socket) => handleVisitorSocket(ctx, visitors, media, socket))
 */
export function handleVisitorSocket(
  ctx: HubContext,
  visitors: ChatSubscribers<VisitorSession>,
  media: MediaBudget,
  socket: WebSocket,
): void {
  serveAfterFirstFrame(ctx, socket, reader, {
    first: 'authenticate',
    start: (connection, frame) => {
      const session = authenticate(ctx, connection, media, visitors, frame)
      visitors.add(session.chatSid, session)
      return { session, result: session.ready() }
    },
    end: (session) => visitors.remove(session.chatSid, session),
  })
}

function authenticate(
  ctx: HubContext,
  connection: Connection<VisitorRequest>,
  media: MediaBudget,
  visitors: ChatSubscribers<VisitorSession>,
  frame: Extract<VisitorRequest, { type: 'authenticate' }>,
): VisitorSession {
  let verified: VerifiedAccessToken
  try {
    verified = ctx.sandbox.tokens.verify(frame.token)
  } catch (err) {
    throw new FrameError('unauthorized', (err as Error).message, SandboxCloseCode.unauthorized)
  }
  const chat = ctx.sandbox.chats.chat(frame.chatSid)
  if (!chat) {
    throw new FrameError(
      'not-found',
      `Failed to join chat ${frame.chatSid}: there is no such chat (it ended and was removed, or the sandbox restarted). Please start a new chat.`,
      SandboxCloseCode.notFound,
    )
  }
  if (chat.visitorIdentity !== verified.identity) {
    throw new FrameError(
      'unauthorized',
      `Failed to join chat ${frame.chatSid}: the access token is for another visitor. Please use the token POST /auth returned with this chat.`,
      SandboxCloseCode.unauthorized,
    )
  }
  if (visitors.count(chat.sid) >= ctx.limits.maxSocketsPerChat) {
    throw new FrameError(
      'too-many-connections',
      `Failed to join chat ${chat.sid}: it already has ${ctx.limits.maxSocketsPerChat} open sockets. Please close other tabs of this chat.`,
      SandboxCloseCode.badRequest,
    )
  }
  return new VisitorSession(ctx, connection, media, { identity: verified.identity, chatSid: chat.sid, expiresAt: verified.expiresAt })
}
