import type { AddressInfo } from 'node:net'
import type { FlexSandbox, FlexSandboxOptions, HubLimits } from '@flex-escalate/flex-sandbox'
import { type HubClient, hubClient } from '@flex-escalate/flex-sandbox/testing'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { type AppConfig, loadConfig } from '../../src/config/config.js'
import { createSandboxGateway } from '../../src/flex/sandbox-gateway.js'
import { SESSION_SECRET } from '../harness.js'

/** A complete sandbox-mode environment: no TWILIO_* variable at all. */
export const SANDBOX_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ALLOWED_ORIGINS: 'http://127.0.0.1:5173',
  SESSION_TOKEN_SECRET: SESSION_SECRET,
}

/** The reply of `POST /auth` in sandbox mode. */
export interface SandboxAuth {
  transport: 'sandbox'
  chatSid: string
  identity: string
  token: string
  sessionToken: string
  sandboxUrl: string
}

export interface SandboxHarness extends Omit<HubClient, 'closeAll'> {
  app: FastifyInstance
  /** The sandbox behind the app's gateway. */
  sandbox: FlexSandbox
  config: AppConfig
  /** `http://127.0.0.1:<port>` */
  base: string
  /** POST /auth over real HTTP (so `sandboxUrl` is what a browser would get). */
  escalate(body?: Record<string, unknown>): Promise<SandboxAuth>
  close(): Promise<void>
}

export interface SandboxHarnessOptions {
  env?: Record<string, string>
  /** Overrides of the sandbox's options (its clock included). */
  sandbox?: Partial<FlexSandboxOptions>
  hub?: Partial<HubLimits>
  /** The loopback port to listen on (a restart listens where the old process did). Default: any free one. */
  port?: number
}

/**
 * The real middleware in sandbox mode, listening on a loopback port, with helpers that open real sockets
 * (`hubClient` of `@flex-escalate/flex-sandbox/testing`).
 *
 * @example
 * const h = await startSandbox({ env: { SANDBOX_RESERVATION_TIMEOUT_SECONDS: '1' } })
 * const auth = await h.escalate({ topic: 'billing' })
 * const { socket } = await h.visitor(auth)
 */
export async function startSandbox(options: SandboxHarnessOptions = {}): Promise<SandboxHarness> {
  const config = loadConfig({ ...SANDBOX_ENV, ...options.env })
  const gateway = createSandboxGateway(config, { sandbox: options.sandbox, hubLimits: { agentGraceMs: 300, ...options.hub } })
  const app = await buildApp(config, { gateway })
  let base = ''
  const client = hubClient(app, () => base)
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 })
  const { port } = app.server.address() as AddressInfo
  base = `http://127.0.0.1:${port}`

  return {
    app,
    sandbox: gateway.sandbox,
    config,
    base,
    sockets: client.sockets,
    visitor: client.visitor,
    agent: client.agent,
    disconnect: client.disconnect,
    async escalate(body = {}) {
      const res = await fetch(`${base}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (res.status !== 201) throw new Error(`POST /auth answered ${res.status}: ${await res.text()}`)
      return (await res.json()) as SandboxAuth
    },
    async close() {
      client.closeAll()
      await app.close()
    },
  }
}
