import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AgentState, VisitorReady } from '@flex-escalate/api'
import type { FastifyInstance } from 'fastify'
import type { WebSocket, WebSocketServer } from 'ws'
import { buildApp } from '../../src/app.js'
import { type AppConfig, loadConfig } from '../../src/config/config.js'
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

/** Longest wait for the server to see a socket close (a deadline, not a pause: it resolves as soon as it does). */
const DISCONNECT_WAIT_MS = 4000

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
  /**
   * Closes the socket and resolves once the server has handled the close as well (the hub's close handlers
   * ran: an agent's grace period started, a visitor's slot was freed). The client's own `closed` promise does
   * not say that: the two ends see the close in no fixed order.
   */
  disconnect(socket: TestSocket): Promise<void>
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
  // The server's side of each socket, by the client's port, settled when the server saw it close. The hub's
  // WebSocket server lives in the hub's plugin context (`request.server` of its routes), so it is reached
  // from the first upgrade request. `connection` is emitted before the hub's route runs, so this listener
  // runs before the hub's close handlers; but a test awaiting the promise resumes only after the whole
  // (synchronous) `close` emit, hub included.
  const serverClosed = new Map<number, Promise<void>>()
  const watched = new WeakSet<WebSocketServer>()
  app.addHook('onRequest', async (request) => {
    const wss = request.ws ? request.server.websocketServer : undefined
    if (!wss || watched.has(wss)) return
    watched.add(wss)
    wss.on('connection', (ws: WebSocket, upgrade: IncomingMessage) => {
      const port = upgrade.socket.remotePort
      if (port !== undefined) serverClosed.set(port, new Promise((resolve) => ws.once('close', () => resolve())))
    })
  })
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
      const res = await fetch(`${base}/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
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
    async disconnect(socket) {
      const closed = socket.localPort === undefined ? undefined : serverClosed.get(socket.localPort)
      if (!closed) throw new Error('Failed to disconnect the socket: the server never accepted it. Please open it through the harness.')
      socket.close()
      await socket.closed
      let timer: NodeJS.Timeout | undefined
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Failed to see the server close socket :${socket.localPort} within ${DISCONNECT_WAIT_MS} ms.`)),
          DISCONNECT_WAIT_MS,
        )
      })
      await Promise.race([closed, deadline]).finally(() => clearTimeout(timer))
    },
    async close() {
      for (const socket of sockets) socket.close()
      await app.close()
    },
  }
}
