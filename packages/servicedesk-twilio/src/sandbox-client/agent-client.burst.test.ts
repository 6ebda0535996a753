/**
 * Issue 12, "bursts lose nothing", for the agent console's client: the same pacing and `rate-limited`
 * retries as the visitor's, over a fake hub on a manual clock (`test/fakes/fake-hub.ts`). An agent's `send`
 * has no messageId, so only a refusal (not handled) may be sent again: the hub must store each body once.
 */
import type { AgentState } from '@flex-escalate/api'
import { SANDBOX_FRAME_RATE } from '@flex-escalate/api/limits'
import { describe, expect, it } from 'vitest'
import { FakeHub, type HubRate } from '../../test/fakes/fake-hub.js'
import { ManualTime, runUntil, turn } from '../../test/manual-time.js'
import { AgentClient } from './agent-client.js'

const sid = (prefix: string, digit: string) => `${prefix}${digit.repeat(32)}`
const CHAT = sid('CH', 'a')
const STATE: AgentState = {
  worker: { sid: sid('WK', '0'), name: 'Ada', activity: 'Available', skills: [], languages: [], chatCapacity: 2 },
  agents: [],
  queues: [],
  waiting: [],
  offers: [],
  chats: [],
}
const BURST = 100
const bodies = Array.from({ length: BURST }, (_, i) => `reply ${i + 1}`)

async function signedIn(rate?: HubRate) {
  const time = new ManualTime()
  const hub = new FakeHub(time.now, STATE, rate)
  const statuses: string[] = []
  const client = new AgentClient(
    'ws://hub.test/sandbox/agent',
    'Ada',
    { status: (status) => statuses.push(status), state: () => undefined, event: () => undefined },
    { WebSocket: hub.Socket, schedule: time.schedule, now: time.now, random: () => 1 },
  )
  client.start()
  await runUntil(time, () => statuses.includes('connected'))
  return { time, hub, client }
}

function burst(client: AgentClient) {
  const outcomes: Array<'sent' | Error> = []
  for (const body of bodies) {
    client.request({ type: 'send', chatSid: CHAT, body }).then(
      () => outcomes.push('sent'),
      (error: Error) => outcomes.push(error),
    )
  }
  return outcomes
}

describe('AgentClient: a burst of sends', () => {
  it('sends 100 replies made at once: each stored once, in order, none refused by a hub at the default limit', async () => {
    const { time, hub, client } = await signedIn()
    const outcomes = burst(client)
    await runUntil(time, () => outcomes.length === BURST)
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([])
    expect(hub.stored.map((message) => message.body)).toEqual(bodies)
    expect(hub.refused).toBe(0)
    expect(hub.rate).toBe(SANDBOX_FRAME_RATE)
    client.stop()
  })

  it('sends again what a stricter hub refused as rate-limited, in order, and never a body twice', async () => {
    const { time, hub, client } = await signedIn({ framesPerSecond: 4, framesBurst: 2 })
    const outcomes = burst(client)
    await runUntil(time, () => outcomes.length === BURST)
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([])
    expect(hub.refused).toBeGreaterThan(0)
    expect(hub.stored.map((message) => message.body)).toEqual(bodies)
    client.stop()
  })

  it('drops typing signals while replies wait to go out', async () => {
    const { time, hub, client } = await signedIn()
    const outcomes = burst(client)
    client.signal({ type: 'typing', chatSid: CHAT })
    await turn()
    expect(hub.timesOf('typing')).toEqual([])
    await runUntil(time, () => outcomes.length === BURST)
    client.stop()
  })
})
