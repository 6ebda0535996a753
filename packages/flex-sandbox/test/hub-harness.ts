import type { AddressInfo } from 'node:net'
import { SANDBOX_PATHS } from '@flex-escalate/api'
import Fastify, { type FastifyInstance } from 'fastify'
import { FlexSandbox, type FlexSandboxOptions, type SandboxEscalation } from '../src/flex-sandbox.js'
import { sandboxHub } from '../src/hub/hub.js'
import type { HubLimits } from '../src/hub/limits.js'
import { type HubClient, hubClient, type VisitorTicket } from '../src/hub-client.js'

const SESSION_SECRET = 'test-session-secret-0123456789abcdef'
let visitors = 0

/** An escalated chat and the ticket its visitor socket joins with. */
export interface HubTicket extends VisitorTicket {
  taskSid: string
  queueSid: string
}

export interface HubHarness extends Omit<HubClient, 'closeAll'> {
  app: FastifyInstance
  sandbox: FlexSandbox
  /** `http://127.0.0.1:<port>` */
  base: string
  /** Opens a chat as the middleware's `/auth` does, for a new visitor identity. */
  escalate(escalation?: Omit<SandboxEscalation, 'identity'>): Promise<HubTicket>
  close(): Promise<void>
}

export interface HubHarnessOptions {
  /** Overrides of the sandbox's options (its clock included). */
  sandbox?: Partial<FlexSandboxOptions>
  hub?: Partial<HubLimits>
  /** The hub's `allowedOrigins`. */
  allowedOrigins?: readonly string[]
}

/**
 * A {@link FlexSandbox} and its hub on a bare Fastify app on a loopback port, with real sockets: the
 * package's own tests need nothing of the middleware.
 *
 * @example
 * const h = await startHub({ sandbox: { reservationTimeoutSeconds: 1 } })
 * const ticket = await h.escalate({ topic: 'billing' })
 * const { socket } = await h.visitor(ticket)
 */
export async function startHub(options: HubHarnessOptions = {}): Promise<HubHarness> {
  const sandbox = new FlexSandbox({
    sessionSecret: SESSION_SECRET,
    accessTokenTtlSeconds: 3600,
    reservationTimeoutSeconds: 30,
    ...options.sandbox,
  })
  const app = Fastify({ logger: false })
  await app.register(sandboxHub, { sandbox, limits: { agentGraceMs: 300, ...options.hub }, allowedOrigins: options.allowedOrigins })
  app.addHook('onClose', async () => sandbox.close())
  let base = ''
  const client = hubClient(app, () => base)
  await app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  return {
    app,
    sandbox,
    base,
    sockets: client.sockets,
    visitor: client.visitor,
    agent: client.agent,
    disconnect: client.disconnect,
    async escalate(escalation = {}) {
      visitors += 1
      const identity = `anon_test_${visitors}`
      const chat = sandbox.startChat({ ...escalation, identity })
      const { token } = sandbox.mintAccessToken(identity)
      return { ...chat, identity, token, sandboxUrl: `${base.replace('http', 'ws')}${SANDBOX_PATHS.visitor}` }
    },
    async close() {
      client.closeAll()
      await app.close()
    },
  }
}
