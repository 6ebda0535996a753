import type { IncomingMessage } from 'node:http'
import { type AgentState, SANDBOX_PATHS, type VisitorReady } from '@flex-escalate/api'
import type { FastifyInstance } from 'fastify'
import type { WebSocket, WebSocketServer } from 'ws'
import { TestSocket } from './test-socket.js'

/** Longest wait for the server to see a socket close (a deadline, not a pause: it resolves as soon as it does). */
const DISCONNECT_WAIT_MS = 4000

/** What a visitor socket needs to join its chat: what `POST /auth` answers in sandbox mode. */
export interface VisitorTicket {
  chatSid: string
  identity: string
  token: string
  sandboxUrl: string
}

/** Real sockets to a running hub, for tests: a visitor, an agent console, and a close both ends have seen. */
export interface HubClient {
  /** A visitor socket authenticated on the chat of `ticket`. */
  visitor(ticket: VisitorTicket): Promise<{ socket: TestSocket; ready: VisitorReady }>
  /** An agent console signed in, Available unless told otherwise. */
  agent(
    name: string,
    options?: { skills?: string[]; languages?: string[]; activity?: string },
  ): Promise<{ socket: TestSocket; state: AgentState }>
  /**
   * Closes the socket and resolves once the server has handled the close as well (the hub's close handlers
   * ran: an agent's grace period started, a visitor's slot was freed). The client's own `closed` promise does
   * not say that: the two ends see the close in no fixed order.
   */
  disconnect(socket: TestSocket): Promise<void>
  /** Every socket opened through the client. */
  sockets: TestSocket[]
  /** Closes every socket opened through the client. */
  closeAll(): void
}

/**
 * Test clients for the hub mounted in `app` (before it listens), which serves `base` (`http://127.0.0.1:<port>`).
 *
 * @example
 * const client = hubClient(app, () => base)
 * await app.listen({ host: '127.0.0.1', port: 0 })
 * const { socket } = await client.agent('Ada')
 */
export function hubClient(app: FastifyInstance, base: () => string): HubClient {
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
  const sockets: TestSocket[] = []
  const open = async (url: string) => {
    const socket = await TestSocket.open(url)
    sockets.push(socket)
    return socket
  }
  return {
    sockets,
    async visitor(ticket) {
      const socket = await open(ticket.sandboxUrl)
      const ready = await socket.ok<VisitorReady>({ type: 'authenticate', token: ticket.token, chatSid: ticket.chatSid })
      return { socket, ready }
    },
    async agent(name, { skills, languages, activity = 'Available' } = {}) {
      const socket = await open(`${base().replace('http', 'ws')}${SANDBOX_PATHS.agent}`)
      let state = await socket.ok<AgentState>({ type: 'signIn', name, ...(skills ? { skills } : {}), ...(languages ? { languages } : {}) })
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
    closeAll() {
      for (const socket of sockets) socket.close()
    },
  }
}
