import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import { createManualClock } from '../manual-clock.js'

let h: HubHarness
afterEach(async () => {
  await h?.close()
})

describe('hub heartbeat', () => {
  it('keeps sockets that answer pings and cuts the ones that do not', async () => {
    // The beats run on a manual clock: with real 100 ms beats a loaded machine could miss the live
    // socket's pong and cut it too.
    const clock = createManualClock()
    h = await startHub({ sandbox: { clock }, hub: { heartbeatMs: 100, signInTimeoutMs: 5_000 } })
    const auth = await h.escalate()
    // `ws` answers pings by itself, as browsers do; autoPong: false plays a connection that died silently.
    const alive = new WebSocket(auth.sandboxUrl!)
    const dead = new WebSocket(auth.sandboxUrl!, { autoPong: false })
    await Promise.all([once(alive, 'open'), once(dead, 'open')])

    const pinged = Promise.all([once(alive, 'ping'), once(dead, 'ping')])
    clock.advance(100)
    await pinged
    // `alive` sent its pong as the ping arrived. Frames on one socket are handled in order, so once the
    // server has answered a frame sent after it, the pong has been counted.
    alive.send(JSON.stringify({ type: 'history', afterIndex: -1, id: 1 }))
    await once(alive, 'message')
    clock.advance(100)
    const [code] = (await once(dead, 'close')) as [number]
    expect(code).toBe(1006) // terminated, no close frame
    expect(alive.readyState).toBe(WebSocket.OPEN)
    alive.close()
  })
})
