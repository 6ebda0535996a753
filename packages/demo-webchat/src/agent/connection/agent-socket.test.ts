import type { AgentState } from '@flex-escalate/api'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AgentSocket, type ConnectionStatus, type SocketLike } from './agent-socket.js'
import { AgentRequestError } from './protocol.js'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: Record<string, unknown>[] = []
  closedWith: number | undefined
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(code?: number): void {
    this.closedWith = code
  }
  // ---- test helpers
  serverOpen(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  serverSends(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }
  serverCloses(code: number, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
  lastId(): number {
    return this.sent.at(-1)?.id as number
  }
}

const state: AgentState = {
  worker: { sid: `WK${'0'.repeat(32)}`, name: 'Ada', activity: 'Offline', skills: [], chatCapacity: 2 },
  agents: [],
  queues: [],
  waiting: [],
  offers: [],
  chats: [],
}

/** Lets the client's `await` on the sign-in reply run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

function setup() {
  const sockets: FakeSocket[] = []
  const statuses: (ConnectionStatus | string)[] = []
  const states: AgentState[] = []
  const events: unknown[] = []
  const client = new AgentSocket(
    'ws://x/sandbox/agent',
    'Ada',
    {
      onStatus: (s, error) => statuses.push(error ? `${s}: ${error}` : s),
      onState: (s) => states.push(s),
      onEvent: (e) => events.push(e),
    },
    {
      createSocket: () => {
        const socket = new FakeSocket()
        sockets.push(socket)
        return socket
      },
      retryDelaysMs: [100, 500],
    },
  )
  const current = () => {
    const socket = sockets.at(-1)
    if (!socket) throw new Error('no socket')
    return socket
  }
  const signIn = async () => {
    current().serverOpen()
    current().serverSends({ type: 'reply', id: current().lastId(), ok: true, result: state })
    await flush()
  }
  return { client, sockets, statuses, states, events, current, signIn }
}

describe('AgentSocket', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('signs in with the name first and hands over the first state', async () => {
    const t = setup()
    t.client.start()
    t.current().serverOpen()
    expect(t.current().sent).toEqual([{ type: 'signIn', name: 'Ada', id: 1 }])
    t.current().serverSends({ type: 'reply', id: 1, ok: true, result: state })
    await flush()
    expect(t.statuses).toEqual(['connecting', 'connected'])
    expect(t.states).toEqual([state])
  })

  it('matches replies to requests and rejects refused ones with the server code', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    const picked = t.client.request({ type: 'pick', taskSid: `WT${'1'.repeat(32)}` })
    const refused = t.client.request({ type: 'setActivity', activity: 'Available' })
    const [pick, set] = t.current().sent.slice(-2)
    t.current().serverSends({ type: 'reply', id: set?.id, ok: false, error: { code: 'conflict', message: 'no' } })
    t.current().serverSends({ type: 'reply', id: pick?.id, ok: true, result: { done: true } })
    await expect(picked).resolves.toEqual({ done: true })
    await expect(refused).rejects.toEqual(new AgentRequestError('conflict', 'no'))
  })

  it('passes events through and ignores frames it does not know', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    t.current().onmessage?.({ data: 'not json' })
    t.current().serverSends({ type: 'mystery' })
    t.current().serverSends({ type: 'typing', chatSid: 'CH1', identity: 'v', typing: true })
    t.current().serverSends({ type: 'state', state })
    expect(t.events).toEqual([{ type: 'typing', chatSid: 'CH1', identity: 'v', typing: true }])
    expect(t.states).toHaveLength(2)
  })

  it('after a drop, reconnects and signs in again with the same name', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    const inFlight = t.client.request({ type: 'setActivity', activity: 'Available' })
    t.current().serverCloses(4000, 'restarting')
    await expect(inFlight).rejects.toThrow(/dropped/)
    expect(t.statuses.at(-1)).toBe('reconnecting')
    await expect(t.client.request({ type: 'setActivity', activity: 'Available' })).rejects.toThrow(/Not connected/)
    vi.advanceTimersByTime(100)
    expect(t.sockets).toHaveLength(2)
    t.current().serverCloses(1006) // still down: the next delay is longer
    vi.advanceTimersByTime(499)
    expect(t.sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    await t.signIn()
    expect(t.current().sent[0]).toMatchObject({ type: 'signIn', name: 'Ada' })
    expect(t.statuses.at(-1)).toBe('connected')
  })

  it('stops on a refused sign-in instead of retrying', async () => {
    const t = setup()
    t.client.start()
    t.current().serverOpen()
    t.current().serverSends({ type: 'reply', id: 1, ok: false, error: { code: 'conflict', message: 'Ada is signed in elsewhere.' } })
    await flush()
    t.current().serverCloses(1000)
    vi.advanceTimersByTime(10_000)
    expect(t.sockets).toHaveLength(1)
    expect(t.statuses.at(-1)).toBe('failed: Ada is signed in elsewhere.')
  })

  it('drops typing signals while disconnected and sends them when connected', async () => {
    const t = setup()
    t.client.start()
    t.client.signal({ type: 'typing', chatSid: `CH${'a'.repeat(32)}` })
    await t.signIn()
    t.client.signal({ type: 'typing', chatSid: `CH${'a'.repeat(32)}` })
    expect(t.current().sent.filter((f) => f.type === 'typing')).toHaveLength(1)
  })

  it('stop() closes normally and never reconnects', async () => {
    const t = setup()
    t.client.start()
    await t.signIn()
    t.client.stop()
    t.current().serverCloses(1000)
    vi.advanceTimersByTime(10_000)
    expect(t.sockets).toHaveLength(1)
    expect(t.current().closedWith).toBe(1000)
  })
})
