import type { AgentState, VisitorReady } from '@flex-escalate/api'
import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../../src/app.js'
import { loadConfig, type AppConfig } from '../../src/config/config.js'
import type { HubLimits } from '../../src/flex/sandbox/hub/limits.js'
import { SandboxGateway, type SandboxGatewayOptions } from '../../src/flex/sandbox/sandbox-gateway.js'
import { SESSION_SECRET } from '../harness.js'
import { TestSocket } from './test-socket.js'

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

export interface SandboxHarness {
  app: FastifyInstance
  gateway: SandboxGateway
  config: AppConfig
  /** `http://127.0.0.1:<port>` */
  base: string
  /** POST /auth over real HTTP (so `sandboxUrl` is what a browser would get). */
  escalate(body?: Record<string, unknown>): Promise<SandboxAuth>
  /** A visitor socket authenticated on the chat of `auth`. */
  visitor(auth: SandboxAuth): Promise<{ socket: TestSocket; ready: VisitorReady }>
  /** An agent console signed in, Available unless told otherwise. */
  agent(name: string, options?: { skills?: string[]; activity?: string }): Promise<{ socket: TestSocket; state: AgentState }>
  /** Every socket opened through the harness. */
  sockets: TestSocket[]
  close(): Promise<void>
}

export interface SandboxHarnessOptions {
  env?: Record<string, string>
  gateway?: Partial<SandboxGatewayOptions>
  hub?: Partial<HubLimits>
}

/**
 * The real middleware in sandbox mode, listening on a loopback port, with helpers that open real sockets.
 *
 * @example
 * const h = await startSandbox({ env: { SANDBOX_RESERVATION_TIMEOUT_SECONDS: '1' } })
 * const auth = await h.escalate({ topic: 'billing' })
 * const { socket } = await h.visitor(auth)
 */
export async function startSandbox(options: SandboxHarnessOptions = {}): Promise<SandboxHarness> {
  const config = loadConfig({ ...SANDBOX_ENV, ...options.env })
  const gateway = new SandboxGateway({
    sessionSecret: config.session.secret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reservationTimeoutSeconds: config.sandbox!.reservationTimeoutSeconds,
    ...options.gateway,
  })
  const app = await buildApp(config, { gateway, sandboxHub: { agentGraceMs: 300, ...options.hub } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const sockets: TestSocket[] = []
  const open = async (url: string) => {
    const socket = await TestSocket.open(url)
    sockets.push(socket)
    return socket
  }

  return {
    app,
    gateway,
    config,
    base,
    sockets,
    async escalate(body = {}) {
      const res = await fetch(`${base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (res.status !== 201) throw new Error(`POST /auth answered ${res.status}: ${await res.text()}`)
      return (await res.json()) as SandboxAuth
    },
    async visitor(auth) {
      const socket = await open(auth.sandboxUrl)
      const ready = await socket.ok<VisitorReady>({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
      return { socket, ready }
    },
    async agent(name, { skills, activity = 'Available' } = {}) {
      const socket = await open(`${base.replace('http', 'ws')}/sandbox/agent`)
      let state = await socket.ok<AgentState>({ type: 'signIn', name, ...(skills ? { skills } : {}) })
      if (activity !== state.worker.activity) {
        await socket.ok({ type: 'setActivity', activity })
        state = (await socket.next('state', (frame) => frame.state.worker.activity === activity)).state
      }
      return { socket, state }
    },
    async close() {
      for (const socket of sockets) socket.close()
      await app.close()
    },
  }
}
