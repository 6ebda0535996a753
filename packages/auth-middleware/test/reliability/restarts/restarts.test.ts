/**
 * Restarts, against the built server process: SIGTERM lets in-flight requests finish and closes sandbox
 * sockets with 4000 ("reconnect"); a restart in the middle of a sandbox chat leaves the adapter's visitor
 * in a clear state (disconnected, then told the chat ended once the new process says it does not know
 * the chat), never hanging.
 */
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../redis/redis-server.js'
import { TestSocket } from '../../sandbox/test-socket.js'
import { LeanAgent } from '../chaos/agent-client.js'
import { createAdapterTransport, type AdapterTransport } from '../chaos/adapter.js'
import { recordFigures } from '../figures.js'
import { startServerProcess, type ServerProcess } from './server-process.js'

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
  const res = await fetch(`${base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"visitorName":"Ada"}' })
  expect(res.status).toBe(201)
  return (await res.json()) as { token: string; chatSid: string; identity: string; sandboxUrl: string; sessionToken: string }
}

/** A POST /auth whose body arrives in two halves, `gapMs` apart: in flight for that long. */
function slowAuth(base: string, gapMs: number): { sentHalf: Promise<void>; done: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ visitorName: 'Slow visitor', topic: 'billing' })
  let halfSent!: () => void
  const sentHalf = new Promise<void>((resolve) => (halfSent = resolve))
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.write(body.slice(0, 10))
    req.flushHeaders()
    setTimeout(halfSent, 100)
    setTimeout(() => req.end(body.slice(10)), gapMs)
  })
  return { sentHalf, done }
}

describe('restarts of the built server', () => {
  it('SIGTERM: in-flight requests finish, sockets close with 4000, the process exits 0', async () => {
    const server = await start(await freePort())
    const auth = await escalate(server.base)
    const visitor = await TestSocket.open(auth.sandboxUrl)
    await visitor.ok({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
    const slow = slowAuth(server.base, 700)
    await slow.sentHalf
    server.child.kill('SIGTERM')
    restarts++
    expect((await visitor.closed).code).toBe(4000)
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
    transport = await createAdapterTransport({ requestTimeoutMs: 3000 })
    const events: string[] = []
    transport.on('connectionStateChanged', (state) => events.push(state))
    transport.on('chatEnded', () => events.push('chatEnded'))
    await transport.connect({ token: auth.token, chatSid: auth.chatSid, identity: auth.identity, sandboxUrl: auth.sandboxUrl })
    const offer = (await agent.until((s) => s.offers.length > 0)).offers[0]!
    await agent.request({ type: 'accept', reservationSid: offer.reservationSid })
    await transport.sendText('Hello before the restart', { messageId: 'm-1' })
    agent.close()

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    restarts++
    // While the middleware is down the visitor is told it is disconnected, not left hanging.
    await waitFor(() => events.includes('disconnected'), 5000)
    const restartedAt = Date.now()
    await start(port)
    await waitFor(() => events.includes('chatEnded'), 10_000)
    process.stdout.write(`restarts: visitor events ${JSON.stringify(events)}; chat ended ${Date.now() - restartedAt} ms after the new process listened\n`)
    expect(events[0]).toBe('disconnected')
    expect(events.at(-1)).toBe('chatEnded')
    // And nothing it still asks hangs: a send fails at once with a clear message.
    await expect(transport.sendText('After', { messageId: 'm-2' })).rejects.toThrow(/^Failed to send "send": the chat sandbox is not connected/)
  })
})

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Failed to see the expected state within ${timeoutMs} ms.`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
