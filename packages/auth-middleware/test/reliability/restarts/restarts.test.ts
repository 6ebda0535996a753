/**
 * Restarts, against the built server process: SIGTERM lets in-flight requests finish and closes sandbox
 * sockets with 4000 ("reconnect"); a restart in the middle of a sandbox chat leaves the adapter's visitor
 * in a clear state (disconnected, then told the chat ended once the new process says it does not know
 * the chat), never hanging.
 */
import { request } from 'node:http'
import { TestSocket } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../redis/redis-server.js'
import { type AdapterTransport, createAdapterTransport } from '../chaos/adapter.js'
import { LeanAgent } from '../chaos/agent-client.js'
import { recordFigures } from '../figures.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

const servers: ServerProcess[] = []
let transport: AdapterTransport | undefined
let restarts = 0

afterEach(async () => {
  await transport?.shutdown().catch(() => undefined)
  transport = undefined
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  }
  recordFigures('restarts', { restarts })
  restarts = 0
})

async function start(port: number) {
  const server = await startServerProcess(port)
  servers.push(server)
  return server
}

async function escalate(base: string) {
  const res = await fetch(`${base}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"visitorName":"Ada"}',
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { token: string; chatSid: string; identity: string; sandboxUrl: string; sessionToken: string }
}

/**
 * A POST /auth whose body stops after 10 bytes until `finish()`: in flight for as long as the test wants.
 * `arrived` resolves when the server has logged the request (matched by the client's port), so the test
 * acts on a request the server is known to hold, not after a pause that is hoped to be long enough.
 */
function slowAuth(server: ServerProcess): { arrived: Promise<void>; finish(): void; done: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ visitorName: 'Slow visitor', topic: 'billing' })
  let seen!: (arrival: Promise<void>) => void
  const logged = new Promise<void>((resolve) => (seen = resolve))
  let finish!: () => void
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    // Its own connection (agent: false), so the port names this request alone.
    const req = request(
      `${server.base}/auth`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.once('socket', (socket) => {
      socket.once('connect', () =>
        seen(server.waitForOutput(new RegExp(`"remotePort":${socket.localPort}\\b[^\\n]*"msg":"incoming request"`), 10_000)),
      )
    })
    req.write(body.slice(0, 10))
    req.flushHeaders()
    finish = () => req.end(body.slice(10))
  })
  // A request that fails before it is logged fails `arrived` too, rather than leaving it pending.
  const arrived = Promise.race([logged, done.then(() => undefined)])
  return { arrived, finish: () => finish(), done }
}

/** Events as they come, and a wait for one that resolves the moment it is recorded (or fails after `timeoutMs`). */
function eventLog() {
  const events: string[] = []
  const listeners = new Set<() => void>()
  return {
    events,
    record(event: string): void {
      events.push(event)
      for (const listener of [...listeners]) listener()
    },
    seen(event: string, timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const look = () => {
          if (!events.includes(event)) return false
          listeners.delete(look)
          clearTimeout(timer)
          resolve()
          return true
        }
        const timer = setTimeout(() => {
          listeners.delete(look)
          reject(new Error(`Failed to see "${event}" within ${timeoutMs} ms; events: ${JSON.stringify(events)}.`))
        }, timeoutMs)
        if (!look()) listeners.add(look)
      })
    },
  }
}

describe('restarts of the built server', () => {
  it('SIGTERM: in-flight requests finish, sockets close with 4000, the process exits 0', async () => {
    const server = await start(await freePort())
    const auth = await escalate(server.base)
    const visitor = await TestSocket.open(auth.sandboxUrl)
    await visitor.ok({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
    const slow = slowAuth(server)
    await slow.arrived
    server.child.kill('SIGTERM')
    restarts++
    expect((await visitor.closed).code).toBe(4000)
    // The shutdown is under way (the sockets got 4000) with the request still in flight: now let it finish.
    slow.finish()
    const finished = await slow.done
    expect(finished.status).toBe(201)
    expect(JSON.parse(finished.body)).toMatchObject({ transport: 'sandbox' })
    expect(await server.exited).toBe(0)
  })

  it("a restart mid-chat: the adapter's visitor sees disconnected, then the chat ended (4404), within seconds", async () => {
    const port = await freePort()
    const first = await start(port)
    const agent = await LeanAgent.signIn(`${first.base.replace('http', 'ws')}/sandbox/agent`, 'Ana')
    const auth = await escalate(first.base)
    transport = createAdapterTransport({ requestTimeoutMs: 3000 })
    const log = eventLog()
    const { events } = log
    transport.on('connectionStateChanged', (state) => log.record(state))
    transport.on('chatEnded', () => log.record('chatEnded'))
    await transport.connect({ token: auth.token, chatSid: auth.chatSid, identity: auth.identity, sandboxUrl: auth.sandboxUrl })
    const offer = (await agent.until((s) => s.offers.length > 0)).offers[0]!
    await agent.request({ type: 'accept', reservationSid: offer.reservationSid })
    await transport.sendText('Hello before the restart', { messageId: 'm-1' })
    agent.close()

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    restarts++
    // While the middleware is down the visitor is told it is disconnected, not left hanging.
    await log.seen('disconnected', 5000)
    const restartedAt = Date.now()
    await start(port)
    await log.seen('chatEnded', 10_000)
    process.stdout.write(
      `restarts: visitor events ${JSON.stringify(events)}; chat ended ${Date.now() - restartedAt} ms after the new process listened\n`,
    )
    expect(events[0]).toBe('disconnected')
    expect(events.at(-1)).toBe('chatEnded')
    // And nothing it still asks hangs: a send fails at once with a clear message.
    await expect(transport.sendText('After', { messageId: 'm-2' })).rejects.toThrow(
      /^Failed to send "send": the chat sandbox is not connected/,
    )
  })
})
