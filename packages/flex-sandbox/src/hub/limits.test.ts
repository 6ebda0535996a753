import { SANDBOX_FRAME_RATE, SANDBOX_RATE_LIMITED } from '@flex-escalate/api/limits'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import { createManualClock } from '../manual-clock.js'
import { DEFAULT_HUB_LIMITS } from './limits.js'

// The protocol's constant, given other values for this file: the hub's defaults must follow it, which
// proves they are read from it (written once) rather than equal to it by coincidence.
vi.mock('@flex-escalate/api/limits', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@flex-escalate/api/limits')>()),
  SANDBOX_FRAME_RATE: { framesPerSecond: 7, framesBurst: 9 },
}))

let h: HubHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('the hub rate limit', () => {
  it('defaults to the protocol constant clients pace under, written once in @flex-escalate/api/limits', () => {
    expect(SANDBOX_FRAME_RATE).toEqual({ framesPerSecond: 7, framesBurst: 9 })
    expect(DEFAULT_HUB_LIMITS.framesPerSecond).toBe(SANDBOX_FRAME_RATE.framesPerSecond)
    expect(DEFAULT_HUB_LIMITS.framesBurst).toBe(SANDBOX_FRAME_RATE.framesBurst)
  })

  it('by default takes one burst of SANDBOX_FRAME_RATE frames, refuses the next as rate-limited, and refills at its rate', async () => {
    // A manual clock: no token refills while the test sends, however slow the machine.
    const clock = createManualClock()
    h = await startHub({ sandbox: { clock }, hub: { maxStrikes: 1000 } })
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth) // the authenticate frame took the first token
    const { framesBurst, framesPerSecond } = SANDBOX_FRAME_RATE
    const history = () => socket.request({ type: 'history', afterIndex: -1 })
    const burst = await Promise.all(Array.from({ length: framesBurst }, history))
    const codes = burst.map((reply) => (reply.ok ? 'ok' : reply.error.code))
    expect(codes).toEqual([...Array.from({ length: framesBurst - 1 }, () => 'ok'), SANDBOX_RATE_LIMITED])
    clock.advance(1000 / framesPerSecond)
    expect(await history()).toMatchObject({ ok: true })
    expect(await history()).toMatchObject({ ok: false, error: { code: SANDBOX_RATE_LIMITED } })
  })
})
