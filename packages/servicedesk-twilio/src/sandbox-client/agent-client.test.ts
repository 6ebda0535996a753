/**
 * The agent's client, and through it the generic `SandboxClient` in its `reject` mode, on a fake socket
 * the test opens, answers and closes by hand; reconnection waits go through an injected schedule, so the
 * test runs each one when it chooses and sees its length. (The visitor's `wait` mode runs on real sockets
 * in `transports/sandbox.reconnect.test.ts`.)
 */
import type { AgentState } from '@flex-escalate/api'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AGENT_BACKOFF, AgentClient, type AgentConnectionStatus } from './agent-client.js'
import { SandboxRefused } from './errors.js'
import type { SocketLike } from './request-socket.js'
import type { Schedule } from './schedule.js'

type Listener = (event: unknown) => void

class FakeSocket implements SocketLike {
  constructor(readonly url: string) {}
  readyState = 0
  readonly sent: Record<string, unknown>[] = []
  closedWith: number | undefined
  readonly #listeners = new Map<string, Listener[]>()

  addEventListener(type: string, listener: (event: never) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener as Listener])
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(code?: number): void {
    this.closedWith = code
    this.serverCloses(code ?? 1005)
  }
  // ---- what the server does
  serverOpen(): void {
    this.readyState = 1
    this.#emit('open', {})
  }
  serverSends(frame: unknown): void {
    this.#emit('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }
  serverCloses(code: number, reason = ''): void {
    this.readyState = 3
    this.#emit('close', { code, reason })
  }
  lastId(): number {
    return this.sent.at(-1)?.id as number
  }
  #emit(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event)
  }
}

const sid = (prefix: string, digit: string) => `${prefix}${digit.repeat(32)}`
const CHAT = sid('CH', 'a')
const state: AgentState = {
  worker: { sid: sid('WK', '0'), name: 'Ada', activity: 'Offline', skills: [], languages: [], chatCapacity: 2 },
  agents: [],
  queues: [],
  waiting: [],
  offers: [],
  chats: [],
}

/** Lets the client's promise reactions (open, reply, close: a few dozen turns at most) run to the end. */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve()
}

function setup(options: { requestTimeoutMs?: number; agent?: ConstructorParameters<typeof AgentClient>[1] } = {}) {
  const sockets: FakeSocket[] = []
  const statuses: string[] = []
  const states: AgentState[] = []
  const events: unknown[] = []
  /** Reconnection waits, run by the test: the wait's length, and whether it is still pending. */
  const waits: { ms: number; run(): void; pending: boolean }[] = []
  const schedule: Schedule = (callback, ms) => {
    const wait = {
      ms,
      pending: true,
      run: () => {
        wait.pending = false
        callback()
      },
    }
    waits.push(wait)
    return () => {
      wait.pending = false
    }
  }
  class TrackedSocket extends FakeSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
    }
  }
  const client = new AgentClient(
    'ws://x/sandbox/agent',
    options.agent ?? 'Ada',
    {
      status: (status: AgentConnectionStatus, error?: string) => statuses.push(error ? `${status}: ${error}` : status),
      state: (next) => states.push(next),
      event: (event) => events.push(event),
    },
    { WebSocket: TrackedSocket, schedule, ...options },
  )
  const current = () => {
    const socket = sockets.at(-1)
    if (!socket) throw new Error('no socket')
    return socket
  }
  const signIn = async () => {
    current().serverOpen()
    await flush()
    current().serverSends({ type: 'reply', id: current().lastId(), ok: true, result: state })
    await flush()
  }
  const pending = () => waits.filter((wait) => wait.pending)
  return { client, sockets, statuses, states, events, waits, pending, current, signIn }
}

describe('AgentClient', () => {
  afterEach(() => vi.useRealTimers())

  it('signs in with the name first and hands over the first state', async () => {
    const t = setup()
    t.client.start()
    expect(t.current().url).toBe('ws://x/sandbox/agent')
    t.current().serverOpen()
    await flush()
    expect(t.current().sent).toEqual([{ type: 'signIn', name: 'Ada', id: 1 }])
    t.current().serverSends({ type: 'reply', id: 1, ok: true, result: state })
    await flush()
    expect(t.statuses).toEqual(['connecting', 'connected'])
    expect(t.states).toEqual([state])
  })

  it('signs in with the languages the agent speaks, when given', async () => {
    const t = setup({ agent: { name: 'Carla', languages: ['es', 'en'] } })
    t.client.start()
    t.current().serverOpen()
    await flush()
    expect(t.current().sent).toEqual([{ type: 'signIn', name: 'Carla', languages: ['es', 'en'], id: 1 }])
  })

  it('matches replies to requests and rejects refused ones with the server code', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    const picked = t.client.request({ type: 'pick', taskSid: sid('WT', '1') })
    const refused = t.client.request({ type: 'setActivity', activity: 'Available' })
    await flush()
    const [pick, set] = t.current().sent.slice(-2)
    t.current().serverSends({ type: 'reply', id: set?.id, ok: false, error: { code: 'conflict', message: 'no' } })
    t.current().serverSends({ type: 'reply', id: pick?.id, ok: true, result: { done: true } })
    await expect(picked).resolves.toEqual({ done: true })
    await expect(refused).rejects.toEqual(new SandboxRefused('conflict', 'no'))
  })

  it('rejects a request whose result breaks the protocol, saying what failed', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    const sent = t.client.request({ type: 'send', chatSid: CHAT, body: 'Hi' })
    await flush()
    t.current().serverSends({ type: 'reply', id: t.current().lastId(), ok: true, result: { index: -1 } })
    await expect(sent).rejects.toThrow(/^Failed to read the answer to "send": .*\/index must be >= 0.*\. Please update/)
    expect(t.statuses.at(-1)).toBe('connected')
  })

  it('passes events through and ignores frames that are not the protocol', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    t.current().serverSends('not json')
    t.current().serverSends({ type: 'mystery' })
    t.current().serverSends({ type: 'typing', chatSid: 'CH1', identity: 'v', typing: true })
    t.current().serverSends({ type: 'state', state: { ...state, chats: 'none' } })
    t.current().serverSends({ type: 'typing', chatSid: CHAT, identity: 'v', typing: true })
    t.current().serverSends({ type: 'state', state })
    expect(t.events).toEqual([{ type: 'typing', chatSid: CHAT, identity: 'v', typing: true }])
    expect(t.states).toHaveLength(2)
  })

  it('after a drop, reconnects with growing backoff and signs in again with the same name', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    const inFlight = t.client.request({ type: 'setActivity', activity: 'Available' })
    await flush()
    t.current().serverCloses(4000, 'restarting')
    await expect(inFlight).rejects.toThrow(/connection closed \(code 4000: restarting\)/)
    await flush()
    expect(t.statuses.at(-1)).toBe('reconnecting')
    // While down, a request rejects at once: nothing an agent clicked goes out later, or twice.
    await expect(t.client.request({ type: 'setActivity', activity: 'Available' })).rejects.toThrow(
      /not connected\. Please wait for the connection to come back/,
    )
    expect(t.pending()).toHaveLength(1)
    const [first] = t.pending()
    expect(first?.ms).toBeGreaterThanOrEqual(AGENT_BACKOFF.minMs / 2)
    expect(first?.ms).toBeLessThanOrEqual(AGENT_BACKOFF.minMs)
    first?.run()
    expect(t.sockets).toHaveLength(2)
    t.current().serverCloses(1006) // still down: the next wait is longer
    await flush()
    const [second] = t.pending()
    expect(second?.ms).toBeGreaterThanOrEqual(AGENT_BACKOFF.minMs)
    expect(second?.ms).toBeLessThanOrEqual(AGENT_BACKOFF.minMs * 2)
    second?.run()
    await t.signIn()
    expect(t.current().sent[0]).toMatchObject({ type: 'signIn', name: 'Ada' })
    expect(t.statuses.at(-1)).toBe('connected')
    expect(t.states).toHaveLength(2)
    expect(t.pending()).toHaveLength(0)
  })

  it('stops on a refused sign-in instead of retrying', async () => {
    const t = setup()
    t.client.start()
    t.current().serverOpen()
    await flush()
    t.current().serverSends({ type: 'reply', id: 1, ok: false, error: { code: 'conflict', message: 'Ada is signed in elsewhere.' } })
    await flush()
    t.current().serverCloses(1000)
    await flush()
    expect(t.waits).toHaveLength(0)
    expect(t.sockets).toHaveLength(1)
    expect(t.statuses.at(-1)).toBe('failed: Ada is signed in elsewhere.')
  })

  it('stops when the server refuses the socket before any sign-in, and keeps trying through mere drops', async () => {
    const t = setup()
    t.client.start()
    t.current().serverCloses(1006)
    await flush()
    expect(t.statuses).toEqual(['connecting'])
    t.pending()[0]?.run()
    t.current().serverCloses(4401, 'Failed to signIn in time. Please send signIn first.')
    await flush()
    expect(t.pending()).toHaveLength(0)
    expect(t.sockets).toHaveLength(2)
    expect(t.statuses.at(-1)).toMatch(/^failed: .*code 4401: Failed to signIn in time/)
  })

  it('drops typing signals while disconnected and sends them when connected', async () => {
    const t = setup()
    t.client.start()
    t.client.signal({ type: 'typing', chatSid: CHAT })
    await t.signIn()
    t.client.signal({ type: 'typing', chatSid: CHAT })
    expect(t.current().sent.filter((frame) => frame.type === 'typing')).toEqual([{ type: 'typing', chatSid: CHAT }])
  })

  it('gives up on a request without answer after the timeout, and reconnects (a browser cannot ping)', async () => {
    vi.useFakeTimers()
    const t = setup({ requestTimeoutMs: 500 })
    t.client.start()
    await t.signIn()
    const unanswered = expect(t.client.request({ type: 'setActivity', activity: 'Available' })).rejects.toThrow(
      /"setActivity": the chat sandbox did not answer within \d+ ms/,
    )
    await vi.advanceTimersByTimeAsync(500)
    await unanswered
    expect(t.sockets[0]?.closedWith).toBe(4000)
    expect(t.statuses.at(-1)).toBe('reconnecting')
    expect(t.pending()).toHaveLength(1)
  })

  it('stop() closes normally and never reconnects', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    t.client.stop()
    await flush()
    expect(t.current().closedWith).toBe(1000)
    expect(t.statuses.at(-1)).toBe('closed')
    expect(t.waits).toHaveLength(0)
    expect(t.sockets).toHaveLength(1)
  })
})
