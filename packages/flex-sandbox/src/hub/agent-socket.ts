import { AgentRequest } from '@flex-escalate/api'
import type WebSocket from 'ws'
import type { AgentPresence } from './agent-presence.js'
import { AgentSession } from './agent-session.js'
import { FrameError } from './connection.js'
import { serveAfterFirstFrame } from './first-frame.js'
import { createFrameReader } from './frame-reader.js'
import type { HubContext } from './hub-context.js'
import type { MediaBudget } from './media-budget.js'

const reader = createFrameReader<AgentRequest>(AgentRequest)

/**
 * Serves one socket on `/sandbox/agent`, the demo's agent console: the first frame must be `signIn` with
 * an agent name (sandbox only: no password). Signing in with a known name is the same agent again (a
 * reload, a second tab); a new name adds a worker, Offline until the console sets an activity, with every
 * queue's skill unless `skills` says otherwise.
 *
 * @example
 * app.get('/sandbox/agent', { websocket: true }, (socket) => handleAgentSocket(ctx, presence, media, socket))
 */
export function handleAgentSocket(ctx: HubContext, presence: AgentPresence, media: MediaBudget, socket: WebSocket): void {
  serveAfterFirstFrame(ctx, socket, reader, {
    first: 'signIn',
    start: (connection, frame) => {
      const session = new AgentSession(ctx, connection, signIn(ctx, frame), media)
      presence.join(session)
      return { session, result: session.state() }
    },
    end: (session) => presence.leave(session),
  })
}

function signIn(ctx: HubContext, frame: Extract<AgentRequest, { type: 'signIn' }>): string {
  const { router } = ctx.sandbox
  const known = router.workerByName(frame.name)
  if (known) return known.sid
  if (router.workers().length >= ctx.limits.maxAgents) {
    throw new FrameError(
      'too-many-agents',
      `Failed to sign in as "${frame.name}": the sandbox already has ${ctx.limits.maxAgents} agents. Please sign in as one of them.`,
    )
  }
  // Without a say, a new agent serves every queue, so that any topic reaches the demo's first agent.
  const everySkill = router.queues().flatMap((queue) => (queue.skill === null ? [] : [queue.skill]))
  return router.addWorker({ name: frame.name, skills: frame.skills ?? everySkill, languages: frame.languages ?? [] }).sid
}
