import { AgentRequest, SandboxCloseCode } from '@flex-escalate/api'
import type WebSocket from 'ws'
import type { AgentPresence } from './agent-presence.js'
import { AgentSession } from './agent-session.js'
import { Connection, FrameError } from './connection.js'
import { createFrameReader } from './frame-reader.js'
import type { HubContext } from './hub-context.js'

const reader = createFrameReader<AgentRequest>(AgentRequest)

type SignIn = Extract<AgentRequest, { type: 'signIn' }>

/**
 * Serves one socket on `/sandbox/agent`, the demo's agent console: the first frame must be `signIn` with
 * an agent name (sandbox only: no password). Signing in with a known name is the same agent again (a
 * reload, a second tab); a new name adds a worker, Offline until the console sets an activity, with every
 * queue's skill unless `skills` says otherwise.
 *
 * @example
 * app.get('/sandbox/agent', { websocket: true }, (socket) => handleAgentSocket(ctx, presence, socket))
 */
export function handleAgentSocket(ctx: HubContext, presence: AgentPresence, socket: WebSocket): void {
  const connection = new Connection<AgentRequest>(socket, reader, ctx)
  let session: AgentSession | undefined
  const deadline = ctx.clock.setTimeout(() => {
    if (!session) connection.close(SandboxCloseCode.unauthorized, 'Failed to sign in in time. Please send signIn first.')
  }, ctx.limits.signInTimeoutMs)
  connection.onClose(() => {
    ctx.clock.clearTimeout(deadline)
    if (!session) return
    session.dispose()
    presence.leave(session)
  })
  connection.listen((frame) => {
    if (session) return session.handle(frame)
    if (frame.type !== 'signIn') {
      throw new FrameError('unauthenticated', `Failed to ${frame.type}: the console is not signed in. Please send signIn first.`)
    }
    session = new AgentSession(ctx, connection, signIn(ctx, frame))
    presence.join(session)
    return session.state()
  })
}

function signIn(ctx: HubContext, frame: SignIn): string {
  const { router } = ctx.gateway
  const known = router.workerByName(frame.name)
  if (known) return known.sid
  if (router.workers().length >= ctx.limits.maxAgents) {
    throw new FrameError('too-many-agents', `Failed to sign in as "${frame.name}": the sandbox already has ${ctx.limits.maxAgents} agents. Please sign in as one of them.`)
  }
  // Without a say, a new agent serves every queue, so that any topic reaches the demo's first agent.
  const everySkill = router.queues().flatMap((queue) => (queue.skill === null ? [] : [queue.skill]))
  return router.addWorker({ name: frame.name, skills: frame.skills ?? everySkill }).sid
}
