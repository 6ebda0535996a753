import { SandboxCloseCode } from '@flex-escalate/api'
import type WebSocket from 'ws'
import { Connection, FrameError } from './connection.js'
import type { FrameReader } from './frame-reader.js'
import type { HubContext } from './hub-context.js'

/** A socket's life after its first frame: the session that handles every later frame. */
export interface Session<Frame> {
  handle(frame: Frame): unknown
  dispose(): void
}

export interface FirstFrameRules<Frame extends { type: string }, First extends Frame['type'], S extends Session<Frame>> {
  /** The frame that must come first (`authenticate`, `signIn`). */
  first: First
  /** Starts the session from the first frame (may throw a FrameError that closes the socket); returns it and the reply's result. */
  start(connection: Connection<Frame>, frame: Extract<Frame, { type: First }>): { session: S; result: unknown }
  /** Runs when the socket closes after a session started. */
  end(session: S): void
}

/**
 * The part both sockets share: a new socket must send `rules.first` within `signInTimeoutMs` (else it is
 * closed with 4401); other frames before it are refused; afterwards every frame goes to the session, which
 * is disposed when the socket closes.
 *
 * @example
 * serveAfterFirstFrame(ctx, socket, reader, { first: 'signIn', start: (c, f) => …, end: (s) => presence.leave(s) })
 */
export function serveAfterFirstFrame<Frame extends { type: string }, First extends Frame['type'], S extends Session<Frame>>(
  ctx: HubContext,
  socket: WebSocket,
  reader: FrameReader<Frame>,
  rules: FirstFrameRules<Frame, First, S>,
): void {
  const isFirst = (frame: Frame): frame is Extract<Frame, { type: First }> => frame.type === rules.first
  const connection = new Connection<Frame>(socket, reader, ctx)
  let session: S | undefined
  const deadline = ctx.clock.setTimeout(() => {
    if (!session) connection.close(SandboxCloseCode.unauthorized, `Failed to ${rules.first} in time. Please send ${rules.first} first.`)
  }, ctx.limits.signInTimeoutMs)
  connection.onClose(() => {
    ctx.clock.clearTimeout(deadline)
    if (!session) return
    session.dispose()
    rules.end(session)
  })
  connection.listen((frame) => {
    if (session) return session.handle(frame)
    if (!isFirst(frame)) {
      throw new FrameError(
        'unauthenticated',
        `Failed to ${frame.type}: the socket has not sent ${rules.first} yet. Please send ${rules.first} first.`,
      )
    }
    const started = rules.start(connection, frame)
    session = started.session
    return started.result
  })
}
