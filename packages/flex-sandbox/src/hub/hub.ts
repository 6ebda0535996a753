import websocket from '@fastify/websocket'
import { SANDBOX_PATHS, SandboxCloseCode } from '@flex-escalate/api'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type WebSocket from 'ws'
import type { Clock } from '../clock.js'
import type { FlexSandbox } from '../flex-sandbox.js'
import { AgentPresence } from './agent-presence.js'
import { handleAgentSocket } from './agent-socket.js'
import { forwardSandboxEvents } from './event-forwarding.js'
import { ChatSubscribers, type HubContext } from './hub-context.js'
import { DEFAULT_HUB_LIMITS, type HubLimits } from './limits.js'
import { MediaBudget } from './media-budget.js'
import { refuseForeignOrigins } from './origin-check.js'
import type { VisitorSession } from './visitor-session.js'
import { handleVisitorSocket } from './visitor-socket.js'

export interface SandboxHubOptions {
  sandbox: FlexSandbox
  /** Overrides of {@link DEFAULT_HUB_LIMITS} (tests shorten the timers). */
  limits?: Partial<HubLimits> | undefined
  /**
   * Browser origins allowed to open the sockets, besides the hub's own (`https://shop.example`, or `*`):
   * the middleware passes `ALLOWED_ORIGINS`. Default: none, only pages served by this server.
   */
  allowedOrigins?: readonly string[] | undefined
}

/** How long sockets get to answer the 4000 close on shutdown before they are cut. */
const CLOSE_GRACE_MS = 1000

/**
 * The sandbox's WebSocket hub, mounted only in sandbox mode: `/sandbox/visitor` for the adapter's
 * `sandbox` transport and `/sandbox/agent` for the demo's agent console, exactly per the protocol in
 * `@flex-escalate/api` (sandbox.ts). On shutdown every socket is closed with 4000 (`restarting`:
 * reconnect and resume).
 */
const hub: FastifyPluginAsync<SandboxHubOptions> = async (app, options) => {
  const limits: HubLimits = { ...DEFAULT_HUB_LIMITS, ...options.limits }
  // Every timer of the hub runs on the sandbox's clock (the real one unless a test injected another), the
  // clock its access tokens expire by: one time for the whole sandbox.
  const ctx: HubContext = { sandbox: options.sandbox, limits, clock: options.sandbox.clock, log: app.log }
  const visitors = new ChatSubscribers<VisitorSession>()
  const presence = new AgentPresence(ctx)
  const media = new MediaBudget(limits.mediaBytesPerChat)
  const stopForwarding = forwardSandboxEvents(ctx, visitors, presence, media)
  const sockets = new Set<WebSocket>()

  await app.register(websocket, {
    options: { maxPayload: limits.maxPayloadBytes },
    preClose: async () => {
      await closeAll(ctx.clock, sockets)
      app.websocketServer.close()
    },
  })

  const heartbeat = startHeartbeat(ctx, sockets, limits.heartbeatMs)

  /** Counts the socket, or refuses it when the hub is full. */
  const admit = (socket: WebSocket): boolean => {
    if (sockets.size >= limits.maxSockets) {
      // 1013: "try again later", the standard code for an overloaded server.
      socket.close(1013, 'The sandbox has too many open sockets. Please try again later.')
      return false
    }
    sockets.add(socket)
    socket.on('pong', () => heartbeat.answered(socket))
    socket.once('close', () => sockets.delete(socket))
    return true
  }

  // Checked before the upgrade: a refused page never gets a socket (see origin-check.ts for why).
  const preValidation = refuseForeignOrigins({ allowedOrigins: options.allowedOrigins ?? [] })
  app.get(SANDBOX_PATHS.visitor, { websocket: true, preValidation }, (socket) => {
    if (admit(socket)) handleVisitorSocket(ctx, visitors, media, socket)
  })
  app.get(SANDBOX_PATHS.agent, { websocket: true, preValidation }, (socket) => {
    if (admit(socket)) handleAgentSocket(ctx, presence, media, socket)
  })

  app.addHook('onClose', async () => {
    heartbeat.stop()
    stopForwarding()
    presence.dispose()
  })
}

/**
 * The hub as a named plugin: Fastify reports it by name, refuses it twice in one context, and checks the
 * Fastify version. It stays encapsulated: its WebSocket server and routes do not leak into the app.
 *
 * @example
 * const sandbox = new FlexSandbox({ sessionSecret, accessTokenTtlSeconds: 3600, reservationTimeoutSeconds: 30 })
 * await app.register(sandboxHub, { sandbox })
 */
export const sandboxHub = fp(hub, { name: '@flex-escalate/flex-sandbox/hub', fastify: '5.x', encapsulate: true })

/**
 * Pings every socket each period; one that did not answer the previous ping is terminated (its `close`
 * handlers then free its slot, and a live client reconnects and catches up).
 */
function startHeartbeat(ctx: HubContext, sockets: Set<WebSocket>, periodMs: number) {
  const unanswered = new WeakSet<WebSocket>()
  let timer = ctx.clock.setTimeout(beat, periodMs)
  function beat(): void {
    for (const socket of sockets) {
      if (unanswered.has(socket)) {
        socket.terminate()
        continue
      }
      unanswered.add(socket)
      socket.ping()
    }
    timer = ctx.clock.setTimeout(beat, periodMs)
  }
  return {
    answered: (socket: WebSocket) => unanswered.delete(socket),
    stop: () => ctx.clock.clearTimeout(timer),
  }
}

async function closeAll(clock: Clock, sockets: Set<WebSocket>): Promise<void> {
  const closed = [...sockets].map(
    (socket) =>
      new Promise<void>((resolve) => {
        // On the hub's clock like every other timer, so a test can drive a client that never answers the close.
        const cut = clock.setTimeout(() => socket.terminate(), CLOSE_GRACE_MS)
        socket.once('close', () => {
          clock.clearTimeout(cut)
          resolve()
        })
        socket.close(SandboxCloseCode.restarting, 'The sandbox is restarting. Please reconnect.')
      }),
  )
  await Promise.all(closed)
}
