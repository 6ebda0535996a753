/**
 * Issue 12, "disconnected while queued": IBM's contract and Carbon turn `DISCONNECTED` before an agent joined
 * into a failed request, ended on screen without `endChat`, while Flex keeps the task queued. So while
 * waiting, a blip that recovers is not reported at all, and a loss that lasts ends the Flex chat and tells
 * the visitor (a connecting error, so that they can ask again at once). After an agent joined, `DISCONNECTED`
 * is reported as before.
 */
import { describe, expect, it, vi } from 'vitest'
import { type DeskKit, startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { connectMessage, flush } from '../../test/harness.js'
import { carbonHost, hostKinds, type TestHost } from '../../test/hosts.js'
import { errorReply, refreshAnswer, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'

const middleware = useFakeMiddleware()
const { kits } = useDeskKits(middleware)

/** Only setTimeout is faked: the sandbox kit's sockets (and `ws`'s use of setImmediate) stay real. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })

const errors = (host: TestHost) => host.argsOf('setErrorStatus').map(([info]) => info)
const ends = () => middleware.of('end').map((request) => request.authorization)

describe.each(kits)('waiting for an agent on the $name transport', (kit: DeskKit) => {
  it('a blip the connection recovers from is not reported, and the chat goes on', async () => {
    const h = await startedKitDesk(kit, carbonHost())
    fakeClock()
    await h.drop()
    await vi.advanceTimersByTimeAsync(20_000)
    await h.restore()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(errors(h.host)).toEqual([])
    expect(ends()).toEqual([])
    vi.useRealTimers()
    await h.agentJoins()
    expect(h.host.argsOf('agentJoined')[0]?.[0]).toMatchObject({ nickname: 'Ana' })
    await h.desk.endChat({})
  })

  it.each(hostKinds)('a loss that lasts 30 s ends the Flex chat and tells the %s visitor to ask again', async (_kind, makeHost) => {
    const h = await startedKitDesk(kit, makeHost())
    fakeClock()
    await h.drop()
    await vi.advanceTimersByTimeAsync(29_000)
    expect(errors(h.host)).toEqual([])
    await vi.advanceTimersByTimeAsync(1_000)
    await flush()
    expect(errors(h.host)).toEqual([{ type: 1, messageToUser: expect.stringMatching(/lost the connection .* ask for an agent again/) }])
    expect(ends()).toEqual([`Bearer ${SESSION_TOKEN}`])
    expect(h.shutDown()).toBe(true)
    if (h.host.kind !== 'v7') expect(h.host.stored()).toEqual({})
    // The visitor can ask again at once, on the same desk (no reload).
    vi.useRealTimers()
    await h.desk.startChat(connectMessage, {})
    expect(middleware.of('auth')).toHaveLength(2)
    expect(h.loads()).toBe(2)
    await h.agentJoins()
    expect(h.host.names()).toContain('agentJoined')
    await h.desk.endChat({})
  })

  it('the time a loss may last is an option', async () => {
    const h = await startedKitDesk(kit, carbonHost(), { waitingReconnectTimeoutMs: 5_000 })
    fakeClock()
    await h.drop()
    await vi.advanceTimersByTimeAsync(5_000)
    await flush()
    expect(errors(h.host)).toMatchObject([{ type: 1 }])
  })

  it('after an agent joined, a loss is reported as before, and never gives the chat up', async () => {
    const h = await startedKitDesk(kit, carbonHost())
    await h.agentJoins()
    fakeClock()
    await h.drop()
    expect(errors(h.host)).toEqual([{ type: 2, isDisconnected: true }])
    await vi.advanceTimersByTimeAsync(120_000)
    expect(ends()).toEqual([])
    await h.restore()
    expect(errors(h.host)).toEqual([
      { type: 2, isDisconnected: true },
      { type: 2, isDisconnected: false },
    ])
    vi.useRealTimers()
    await h.desk.endChat({})
  })

  it('a token refresh that fails is not reported while waiting, and is tried again until it works', async () => {
    const h = await startedKitDesk(kit, carbonHost())
    let refusals = 2
    middleware.answer('refresh', () => (refusals-- > 0 ? errorReply(503, 'flex_unavailable', 'Try later') : refreshAnswer()))
    fakeClock()
    await h.tokenAboutToExpire()
    await vi.advanceTimersByTimeAsync(2_000) // the second attempt fails too
    await vi.advanceTimersByTimeAsync(5_000) // the third works
    expect(middleware.of('refresh')).toHaveLength(3)
    await h.settle()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(errors(h.host)).toEqual([])
    expect(ends()).toEqual([])
    vi.useRealTimers()
    await h.desk.endChat({})
  })
})
