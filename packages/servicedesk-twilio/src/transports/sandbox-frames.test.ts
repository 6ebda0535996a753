import { VisitorRequest } from '@flex-escalate/api'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_LENGTH, MAX_DATA_URL_LENGTH, mediaOf, readEvent, readMessages, readReady } from './sandbox-frames.js'

/** The `send` variant of the protocol's request schema, as plain JSON Schema. */
function sendSchema(): { properties: { body: { maxLength: number }; media: { properties: { dataUrl: { maxLength: number } } } } } {
  const variants = (VisitorRequest as unknown as { anyOf: Array<{ properties: { type: { const: string } } }> }).anyOf
  const send = variants.find((variant) => variant.properties.type.const === 'send')
  if (!send) throw new Error('The protocol has no send request')
  return send as unknown as ReturnType<typeof sendSchema>
}

const sendFrame = (media: Awaited<ReturnType<typeof mediaOf>>) => ({ type: 'send', id: 1, body: '', attributes: { messageId: 'm' }, media })

describe('sandbox frames', () => {
  it('uses the size limits of the protocol (written out to keep TypeBox out of the browser bundle)', () => {
    const send = sendSchema()
    expect(MAX_BODY_LENGTH).toBe(send.properties.body.maxLength)
    expect(MAX_DATA_URL_LENGTH).toBe(send.properties.media.properties.dataUrl.maxLength)
  })

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

  it('reads the protocol events and ignores anything else', () => {
    expect(readEvent({ type: 'readHorizon', identity: 'agent-ana', lastReadIndex: 3 })).toEqual({
      type: 'readHorizon',
      identity: 'agent-ana',
      lastReadIndex: 3,
    })
    expect(readEvent({ type: 'tokenExpired' })).toEqual({ type: 'tokenExpired' })
    expect(readEvent({ type: 'readHorizon', identity: 'agent-ana', lastReadIndex: -1 })).toBeUndefined()
    expect(readEvent({ type: 'messageAdded', message: { index: 1, author: 'a', body: 'x' } })).toBeUndefined()
    expect(readEvent({ type: 'memberJoined', member: { identity: 'agent-ana' } })).toBeUndefined()
    expect(readEvent({ type: 'somethingNew' })).toBeUndefined()
  })

  it('refuses an authenticate result without a chat, and keeps only well-formed messages', () => {
    expect(() => readReady({ members: [] })).toThrow(/Failed to open the chat: .* Please update the middleware/)
    expect(readReady({ chat: { sid: 'CH1', state: 'closed' }, members: [{ identity: 'x' }], tokenExpiresIn: 60 })).toEqual({
      chat: { sid: 'CH1', state: 'closed' },
      members: [],
      tokenExpiresIn: 60,
    })
    const message = { index: 2, author: 'agent-ana', body: 'Hi', attributes: {}, createdAt: '2026-01-01T00:00:00Z' }
    expect(readMessages({ messages: [{ ...message, index: 3 }, message, { index: 'x' }] }).map((item) => item.index)).toEqual([2, 3])
    expect(readMessages(undefined)).toEqual([])
  })
})
