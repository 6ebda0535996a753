import type { AgentState, HistoryResult, WireUpload } from '@flex-escalate/api'
import { SANDBOX_FILES } from '@flex-escalate/api/limits'
import { afterEach, describe, expect, it } from 'vitest'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import type { TestSocket } from '../test-socket.js'

let h: HubHarness
afterEach(async () => {
  await h?.close()
})

const stateWhere = (socket: TestSocket, where: (state: AgentState) => boolean) =>
  socket.next('state', (frame) => where(frame.state)).then((frame) => frame.state)

/** An escalated visitor and Ada, who accepted the chat. */
async function acceptedChat() {
  const ada = await h.agent('Ada')
  const visitor = await h.visitor(await h.escalate({ visitorName: 'Grace', topic: 'billing' }))
  const offer = (await stateWhere(ada.socket, (s) => s.offers.length > 0)).offers[0]!
  const { chatSid } = await ada.socket.ok<{ chatSid: string }>({ type: 'accept', reservationSid: offer.reservationSid })
  return { ada: ada.socket, agentSid: ada.state.worker.sid, visitor: visitor.socket, chatSid }
}

const file = (filename: string, contentType: string, bytes: Buffer): WireUpload => ({
  filename,
  contentType,
  dataUrl: `data:${contentType};base64,${bytes.toString('base64')}`,
})
const png = file('photo.png', 'image/png', Buffer.from('not really a png'))
const pdf = file('invoice.pdf', 'application/pdf', Buffer.from('%PDF-1.7 invoice'))

describe('agent socket: files', () => {
  it('stores an agent message of text and two files and delivers every file to the visitor, in order', async () => {
    h = await startHub()
    const { ada, agentSid, visitor, chatSid } = await acceptedChat()
    const first = await ada.ok<{ sid: string }>({ type: 'upload', chatSid, file: png })
    const second = await ada.ok<{ sid: string }>({ type: 'upload', chatSid, file: pdf })
    expect(first.sid).toMatch(/^ME[0-9a-f]{32}$/)

    const { index } = await ada.ok<{ index: number }>({ type: 'send', chatSid, body: 'Here you are', media: [first.sid, second.sid] })
    const media = [
      { sid: first.sid, filename: 'photo.png', contentType: 'image/png', size: 16, url: png.dataUrl },
      { sid: second.sid, filename: 'invoice.pdf', contentType: 'application/pdf', size: 16, url: pdf.dataUrl },
    ]
    const added = await visitor.next('messageAdded', (e) => e.message.index === index)
    // Every file, and the first again as `media`, as Conversations has `attachedMedia` and `media`.
    expect(added.message).toMatchObject({ author: agentSid, body: 'Here you are', attachedMedia: media, media: media[0] })
    // After a reload the visitor reads them again from the history, and the console from its state.
    const history = await visitor.ok<HistoryResult>({ type: 'history', afterIndex: index - 1 })
    expect(history.messages[0]).toMatchObject({ index, attachedMedia: media })
    const state = await stateWhere(ada, (s) => s.chats[0]!.messages.some((m) => m.index === index))
    expect(state.chats[0]!.messages.find((m) => m.index === index)).toMatchObject({ attachedMedia: media })
  })

  it('sends files without text, and a file once only', async () => {
    h = await startHub()
    const { ada, visitor, chatSid } = await acceptedChat()
    const { sid } = await ada.ok<{ sid: string }>({ type: 'upload', chatSid, file: png })
    const { index } = await ada.ok<{ index: number }>({ type: 'send', chatSid, body: '', media: [sid] })
    expect((await visitor.next('messageAdded', (e) => e.message.index === index)).message).toMatchObject({
      body: '',
      attachedMedia: [{ sid }],
      media: { sid },
    })
    expect(await ada.request({ type: 'send', chatSid, body: 'again', media: [sid] })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/already sent\. Please attach the file again/) },
    })
    expect(await ada.request({ type: 'send', chatSid, body: '' })).toMatchObject({
      ok: false,
      error: { message: /neither text nor a file/ },
    })
  })

  it('refuses an empty file, one over the size limit and one of another type, in words', async () => {
    h = await startHub()
    const { ada, chatSid } = await acceptedChat()
    const refusal = async (upload: WireUpload) => {
      const reply = await ada.request({ type: 'upload', chatSid, file: upload })
      return reply.ok ? 'accepted' : `${reply.error.code}: ${reply.error.message}`
    }
    expect(await refusal(file('empty.txt', 'text/plain', Buffer.alloc(0)))).toBe(
      'bad-file: The file empty.txt is empty (0 bytes), so there is nothing to send. Please choose another file.',
    )
    expect(await refusal(file('big.png', 'image/png', Buffer.alloc(SANDBOX_FILES.maxBytes + 1)))).toBe(
      'bad-file: The file big.png is too big: 1,000,001 bytes; the limit is 1,000,000 bytes (1 MB). Please send a smaller file.',
    )
    expect(await refusal(file('tool.zip', 'application/zip', Buffer.from('PK')))).toBe(
      'bad-file: The file tool.zip (application/zip) is not a type the chat takes: image/*, .pdf, .txt. Please send another file.',
    )
    expect(await refusal(file('exactly.png', 'image/png', Buffer.alloc(SANDBOX_FILES.maxBytes)))).toBe('accepted')
  })

  it('keeps the files of a message refused for its text, and takes no file for a chat the agent does not hold', async () => {
    h = await startHub()
    const { ada, chatSid } = await acceptedChat()
    const { sid } = await ada.ok<{ sid: string }>({ type: 'upload', chatSid, file: png })
    const tooLong = 'é'.repeat(20_000) // 40,000 UTF-8 bytes: over Twilio's 32 KB
    expect(await ada.request({ type: 'send', chatSid, body: tooLong, media: [sid] })).toMatchObject({ ok: false })
    await ada.ok({ type: 'send', chatSid, body: 'Shorter', media: [sid] })

    const other = (await h.agent('Bob')).socket
    expect(await other.request({ type: 'upload', chatSid, file: png })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await other.request({ type: 'send', chatSid, body: 'x', media: [sid] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('counts uploads against the chat’s media budget', async () => {
    h = await startHub({ hub: { mediaBytesPerChat: 20 } })
    const { ada, chatSid } = await acceptedChat()
    await ada.ok({ type: 'upload', chatSid, file: png })
    expect(await ada.request({ type: 'upload', chatSid, file: pdf })).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringMatching(/already holds 16 of its 20 bytes/) },
    })
  })
})
