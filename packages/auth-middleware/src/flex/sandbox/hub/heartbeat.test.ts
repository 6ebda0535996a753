import { once } from 'node:events'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHarness } from '../../../../test/sandbox/sandbox-harness.js'

let h: SandboxHarness
afterEach(async () => {
  await h?.close()
})

describe('hub heartbeat', () => {
  it('keeps sockets that answer pings and cuts the ones that do not', async () => {
    h = await startSandbox({ hub: { heartbeatMs: 100, signInTimeoutMs: 5_000 } })
    const auth = await h.escalate()
    // `ws` answers pings by itself, as browsers do; autoPong: false plays a connection that died silently.
    const alive = new WebSocket(auth.sandboxUrl!)
    const dead = new WebSocket(auth.sandboxUrl!, { autoPong: false })
    await Promise.all([once(alive, 'open'), once(dead, 'open')])
    let pings = 0
    alive.on('ping', () => (pings += 1))

    const [code] = (await once(dead, 'close')) as [number]
    expect(code).toBe(1006) // terminated, no close frame
    expect(alive.readyState).toBe(WebSocket.OPEN)
    expect(pings).toBeGreaterThanOrEqual(1)
    alive.close()
  })
})
