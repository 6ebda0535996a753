/**
 * Issue 12, "bursts lose nothing", for both Twilio transports, run by each one's test against its SDK fake
 * on a manual clock: sends paced at `TWILIO_SEND_RATE`, in order, each once; a 429 (as the SDKs throw it,
 * `fakes/twilio-errors.ts`) retried with backoff; anything else failed at once; typing dropped over the pace.
 */
import { describe, expect, it } from 'vitest'
import type { ChatTransport } from '../src/index.js'
import { TWILIO_SEND_RATE } from '../src/transports/sdk-transport.js'
import { RATE_LIMIT_RETRY } from '../src/transports/send-queue.js'
import { mediaTooManyRequests, tooManyRequests } from './fakes/twilio-errors.js'
import { ManualTime, runUntil, turn } from './manual-time.js'

/** The part of a channel / conversation fake these scenarios read. */
export interface PacedChat {
  sent: Array<{ message: unknown; attributes: unknown }>
  attempts: Array<{ at: number; message: unknown }>
  refuseSends: unknown[]
  refuseAttempt: ((n: number) => unknown) | undefined
  typings: number
}

/** A transport on a manual clock (its `schedule`, `now`, jitter at the top), connected, and its chat fake. */
export type PacedSetup = (time: ManualTime) => Promise<{ transport: ChatTransport; chat: PacedChat }>

const BURST = 100

export function twilioPacing(setup: PacedSetup): void {
  describe('pacing and 429 retries (issue 12)', () => {
    async function paced() {
      const time = new ManualTime()
      return { time, ...(await setup(time)) }
    }

    it('retries a send Twilio refused with 429 Too Many Requests after a backoff: the message is stored once', async () => {
      const { time, transport, chat } = await paced()
      chat.refuseSends.push(tooManyRequests())
      let done = false
      const sent = transport.sendText('Hello?', { messageId: 'm-1' }).then(() => (done = true))
      await runUntil(time, () => done)
      await sent
      expect(chat.sent).toEqual([{ message: 'Hello?', attributes: { messageId: 'm-1' } }])
      expect(chat.attempts.map((attempt) => attempt.at)).toEqual([0, RATE_LIMIT_RETRY.minMs])
    })

    it('retries a media upload the media service refused with 429', async () => {
      const { time, transport, chat } = await paced()
      chat.refuseSends.push(mediaTooManyRequests())
      let done = false
      void transport.sendMedia(new File(['x'], 'a.png', { type: 'image/png' }), { messageId: 'm-1/f-1' }).then(() => (done = true))
      await runUntil(time, () => done)
      expect(chat.sent).toHaveLength(1)
      expect(chat.attempts).toHaveLength(2)
    })

    it('fails at once, without a retry, on any other error', async () => {
      const { transport, chat } = await paced()
      chat.refuseSends.push(new Error('Conversation not found'))
      await expect(transport.sendText('Hello?', { messageId: 'm-1' })).rejects.toThrow('Conversation not found')
      expect(chat.attempts).toHaveLength(1)
      expect(chat.sent).toEqual([])
    })

    it('sends 100 messages made at once in order, each once, paced at TWILIO_SEND_RATE, with 429s retried in place', async () => {
      const { time, transport, chat } = await paced()
      const bodies = Array.from({ length: BURST }, (_, i) => `message ${i + 1}`)
      // Twilio refuses the 12th message twice (attempts 11 and 12) and the 50th once (attempt 51): each is
      // sent again before the next one goes.
      chat.refuseAttempt = (n) => ([11, 12, 51].includes(n) ? tooManyRequests() : undefined)
      const outcomes: unknown[] = []
      for (const [i, body] of bodies.entries()) {
        transport.sendText(body, { messageId: `m-${i + 1}` }).then(
          () => outcomes.push('sent'),
          (error: unknown) => outcomes.push(error),
        )
      }
      await runUntil(time, () => outcomes.length === BURST)
      expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([])
      expect(chat.sent.map((sent) => sent.message)).toEqual(bodies)
      expect(chat.attempts).toHaveLength(BURST + 3)
      // Never more than `burst + rate × t` attempts by time t: paced, the first ones at once.
      const { burst, perSecond } = TWILIO_SEND_RATE
      const early = chat.attempts.filter(({ at }, i) => at < Math.max(0, ((i + 1 - burst) * 1000) / perSecond))
      expect(early).toEqual([])
      expect(chat.attempts.slice(0, burst).every(({ at }) => at === 0)).toBe(true)
    })

    it('drops a typing signal while messages wait to go out', async () => {
      const { time, transport, chat } = await paced()
      let done = 0
      for (let i = 0; i < 20; i++) void transport.sendText(`m${i}`, { messageId: `m-${i}` }).then(() => (done += 1))
      await transport.typing()
      await turn()
      expect(chat.typings).toBe(0)
      await runUntil(time, () => done === 20)
      time.schedule(() => undefined, 1000 / TWILIO_SEND_RATE.perSecond)
      time.next()
      await transport.typing()
      expect(chat.typings).toBe(1)
    })
  })
}
