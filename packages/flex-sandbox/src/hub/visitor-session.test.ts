import { afterEach, describe, expect, it, vi } from 'vitest'
import { type HubHarness, startHub } from '../../test/hub-harness.js'

let h: HubHarness
afterEach(async () => {
  vi.restoreAllMocks()
  await h?.close()
})

const file = (n: number) => ({
  filename: `f${n}.txt`,
  contentType: 'text/plain',
  dataUrl: `data:text/plain;base64,${Buffer.from(`the contents of file number ${n}`).toString('base64')}`,
})

describe('visitor session: files', () => {
  it('checks a file send for a retry through the chat log, copying none of the kept messages', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    const kept: { index: number }[] = []
    for (let n = 0; n < 5; n++) {
      kept.push(await socket.ok<{ index: number }>({ type: 'send', body: '', attributes: { messageId: `f-${n}` }, media: file(n) }))
    }
    // Every deep copy from here on, to see whether one carries the kept files' data URLs.
    const clone = vi.spyOn(globalThis, 'structuredClone')
    const keptUrls = [0, 1, 2, 3, 4].map((n) => file(n).dataUrl)
    const copiesOfKeptFiles = () =>
      clone.mock.calls.filter(([value]) => {
        const json = JSON.stringify(value) ?? ''
        return keptUrls.some((url) => json.includes(url))
      }).length

    const next = await socket.ok<{ index: number }>({ type: 'send', body: '', attributes: { messageId: 'f-5' }, media: file(5) })
    const retry = await socket.ok<{ index: number }>({ type: 'send', body: '', attributes: { messageId: 'f-1' }, media: file(1) })
    expect(next.index).toBe(kept[4]!.index + 1)
    expect(retry.index).toBe(kept[1]!.index)
    expect(copiesOfKeptFiles()).toBe(0)
    expect(h.sandbox.chats.messagesAfter(auth.chatSid, -1)).toHaveLength(6)
  })
})
