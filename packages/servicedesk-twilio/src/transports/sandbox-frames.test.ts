import { VisitorRequest } from '@flex-escalate/api'
import { MAX_DATA_URL_LENGTH } from '@flex-escalate/api/limits'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { mediaOf, toChatMember, toChatMessage } from './sandbox-frames.js'

const sendFrame = (media: Awaited<ReturnType<typeof mediaOf>>) => ({ type: 'send', id: 1, body: '', attributes: { messageId: 'm' }, media })

describe('sandbox frames', () => {
  it('writes a file as a base64 data: URL the protocol accepts', async () => {
    const media = await mediaOf(new File(['hi'], 'a.txt', { type: 'text/plain' }))
    expect(media).toEqual({ filename: 'a.txt', contentType: 'text/plain', dataUrl: 'data:text/plain;base64,aGk=' })
    expect(Value.Check(VisitorRequest, sendFrame(media))).toBe(true)
    await expect(mediaOf(new File(['x'], ''))).resolves.toMatchObject({ filename: 'file', contentType: 'application/octet-stream' })
  })

  it('takes the largest file that fits and refuses one byte more', async () => {
    const prefix = 'data:image/png;base64,'.length
    const largest = Math.floor((MAX_DATA_URL_LENGTH - prefix) / 4) * 3
    const fits = await mediaOf(new File([new Uint8Array(largest)], 'a.png', { type: 'image/png' }))
    expect(fits.dataUrl.length).toBeLessThanOrEqual(MAX_DATA_URL_LENGTH)
    expect(Value.Check(VisitorRequest, sendFrame(fits))).toBe(true)
    await expect(mediaOf(new File([new Uint8Array(largest + 1)], 'a.png', { type: 'image/png' }))).rejects.toThrow(
      `Failed to send a.png: it has ${largest + 1} bytes and the chat sandbox takes at most ${largest}. Please send a smaller file.`,
    )
  })

  it('maps wire messages (every file, as its lasting data: URL) and members onto the transport shapes', async () => {
    const media = { filename: 'a.txt', contentType: 'text/plain', size: 2, url: 'data:text/plain;base64,aGk=' }
    const image = { sid: `ME${'1'.repeat(32)}`, filename: 'b.png', contentType: 'image/png', size: 1, url: 'data:image/png;base64,AA==' }
    const message = toChatMessage({
      index: 2,
      author: '',
      body: 'Two',
      attributes: { k: 'v' },
      attachedMedia: [media, image],
      media,
      createdAt: '2026-01-01T00:00:00Z',
    })
    expect(message).toMatchObject({
      index: 2,
      author: undefined,
      attributes: { k: 'v' },
      media: [{ filename: 'a.txt' }, { filename: 'b.png', contentType: 'image/png' }],
    })
    // No SID: a data: URL never expires, so the desk needs no media link for it.
    expect(message.media[1]).not.toHaveProperty('sid')
    await expect(message.media[0]?.getUrl()).resolves.toBe(media.url)
    await expect(message.media[1]?.getUrl()).resolves.toBe(image.url)
    const older = toChatMessage({ index: 3, author: 'a', body: '', attributes: {}, media, createdAt: '2026-01-01T00:00:00Z' })
    expect(older.media).toMatchObject([{ filename: 'a.txt' }])
    expect(toChatMessage({ index: 4, author: 'a', body: 'x', attributes: {}, createdAt: '2026-01-01T00:00:00Z' }).media).toEqual([])
    const member = toChatMember({ identity: 'agent-ana', role: 'agent', displayName: ' Ana ', lastReadIndex: 0 })
    expect(member).toMatchObject({ identity: 'agent-ana', lastReadIndex: 0 })
    await expect(member.loadProfile()).resolves.toEqual({ friendlyName: 'Ana' })
  })
})
