/**
 * Issue 12, "bursts lose nothing", for the visitor's sandbox transport: a burst of sends against the hub's
 * rate limit (a fake hub on a manual clock, see `test/fakes/fake-hub.ts`) arrives whole, once, in order,
 * paced under the limit, with `rate-limited` refusals sent again.
 */
import type { VisitorReady } from '@flex-escalate/api'
import { SANDBOX_FRAME_RATE } from '@flex-escalate/api/limits'
import { describe, expect, it } from 'vitest'
import { FakeHub, type HubRate } from '../../test/fakes/fake-hub.js'
import { ManualTime, runUntil, turn } from '../../test/manual-time.js'
import { SANDBOX_SEND_RATE } from '../sandbox-client/sandbox-client.js'
import { SandboxTransport } from './sandbox.js'
import { RATE_LIMIT_RETRY } from './send-queue.js'

const CHAT_SID = `CH${'0123456789abcdef'.repeat(2)}`
const READY: VisitorReady = { chat: { sid: CHAT_SID, state: 'active' }, members: [], tokenExpiresIn: 3600 }
const BURST = 100
const bodies = Array.from({ length: BURST }, (_, i) => `message ${i + 1}`)

async function connected(rate?: HubRate) {
  const time = new ManualTime()
  const hub = new FakeHub(time.now, READY, rate)
  const transport = new SandboxTransport({ WebSocket: hub.Socket, schedule: time.schedule, now: time.now, random: () => 1 })
  await transport.connect({ token: 'token', chatSid: CHAT_SID, identity: 'visitor', sandboxUrl: 'ws://hub.test/sandbox/visitor' })
  return { time, hub, transport }
}

/** Sends the whole burst at once, as a host does when the visitor sends faster than the answers come back. */
function burst(transport: SandboxTransport) {
  const outcomes: Array<'sent' | Error> = []
  const sends = bodies.map((body, i) =>
    transport.sendText(body, { messageId: `m-${i + 1}` }).then(
      () => outcomes.push('sent'),
      (error: Error) => outcomes.push(error),
    ),
  )
  return { outcomes, all: () => Promise.all(sends) }
}

/** How many frames a hub with `rate` would have refused, given the times they reached it. */
function overRate(times: number[], rate: HubRate): number {
  let tokens = rate.framesBurst
  let at = times[0] ?? 0
  let over = 0
  for (const time of times) {
    tokens = Math.min(rate.framesBurst, tokens + ((time - at) / 1000) * rate.framesPerSecond)
    at = time
    if (tokens < 1) over += 1
    else tokens -= 1
  }
  return over
}

describe('sandbox transport: a burst of sends', () => {
  it('sends 100 messages made at once: all stored once, in order, paced under the hub limit, the first at once', async () => {
    const { time, hub, transport } = await connected()
    const { outcomes } = burst(transport)
    await runUntil(time, () => outcomes.length === BURST)
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([])
    expect(hub.stored.map((message) => message.body)).toEqual(bodies)
    expect(hub.refused).toBe(0)
    // Every frame, the handshake included, as the hub counts them: none over its limit.
    expect(
      overRate(
        hub.arrivals.map((arrival) => arrival.at),
        SANDBOX_FRAME_RATE,
      ),
    ).toBe(0)
    const sent = hub.timesOf('send')
    expect(sent).toHaveLength(BURST)
    // No added latency for what fits the budget: the client's burst went out at once…
    expect(sent.slice(0, SANDBOX_SEND_RATE.burst).every((at) => at === 0)).toBe(true)
    // …and the rest at the hub's rate, not slower.
    const rest = BURST - SANDBOX_SEND_RATE.burst
    expect(sent.at(-1)).toBeLessThanOrEqual(Math.ceil((rest * 1000) / SANDBOX_SEND_RATE.perSecond) + rest)
    expect(time.pending).toBe(0)
  })

  it('sends a lone message at once, without starting any wait', async () => {
    const { time, hub, transport } = await connected()
    await transport.sendText('hello', { messageId: 'm-1' })
    expect(hub.timesOf('send')).toEqual([0])
    expect(time.started).toEqual([])
  })

  it('retries the refusals of a stricter hub with backoff: all stored once, in order, none failed', async () => {
    // A hub at a quarter of the client's pace: refusals are certain.
    const strict = { framesPerSecond: 5, framesBurst: 3 }
    const { time, hub, transport } = await connected(strict)
    const { outcomes } = burst(transport)
    await runUntil(time, () => outcomes.length === BURST)
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([])
    expect(hub.refused).toBeGreaterThan(0)
    expect(hub.stored.map((message) => message.body)).toEqual(bodies)
    expect(new Set(hub.stored.map((message) => message.messageId)).size).toBe(BURST)
    // Every retry waited at least the first backoff (jitter fixed at its top: exactly minMs).
    expect(time.started.filter((ms) => ms >= RATE_LIMIT_RETRY.minMs).length).toBeGreaterThanOrEqual(hub.refused)
  })

  it('fails a send the hub keeps refusing only after the retries, and the next one still goes', async () => {
    const { time, hub, transport } = await connected({ framesPerSecond: 0, framesBurst: 1 })
    // The handshake took the hub's only token: every frame from now on is refused.
    const refused = transport.sendText('never', { messageId: 'm-1' }).then(
      () => 'sent',
      (error: Error) => error.message,
    )
    let outcome: string | undefined
    void refused.then((value) => (outcome = value))
    await runUntil(time, () => outcome !== undefined)
    expect(outcome).toMatch(/more than allowed/)
    expect(hub.timesOf('send')).toHaveLength(RATE_LIMIT_RETRY.attempts)
    expect(hub.stored).toEqual([])
  })

  it('drops a typing signal over the budget instead of queueing it, and sends one within it', async () => {
    const { time, hub, transport } = await connected()
    const { outcomes } = burst(transport)
    await transport.typing()
    await turn()
    expect(hub.timesOf('typing')).toEqual([])
    await runUntil(time, () => outcomes.length === BURST)
    // Time for a token to come back after the burst, then a typing signal goes out at once.
    time.schedule(() => undefined, 1000 / SANDBOX_SEND_RATE.perSecond)
    time.next()
    await transport.typing()
    expect(hub.timesOf('typing')).toHaveLength(1)
  })

  it('rejects the sends still waiting when the transport shuts down, and leaves no wait behind', async () => {
    const { time, transport } = await connected()
    const { outcomes, all } = burst(transport)
    await turn()
    await transport.shutdown()
    await all()
    expect(outcomes.filter((outcome) => outcome === 'sent').length).toBeLessThan(BURST)
    expect(outcomes.filter((outcome) => outcome !== 'sent').every((error) => /not connected/.test(String(error)))).toBe(true)
    expect(time.pending).toBe(0)
  })
})
