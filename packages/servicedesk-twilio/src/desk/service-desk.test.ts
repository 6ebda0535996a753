import { AuthRequestBody } from '@flex-escalate/api'
import { Value } from 'typebox/value'
import { describe, expect, it, vi } from 'vitest'
import { member, message } from '../../test/fake-transport.js'
import { AGENT, buildDesk, connectMessage, flush, startedDesk, VISITOR } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { errorReply, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { AVAILABILITY_TIMEOUT_MS } from './service-desk.js'

const middleware = useFakeMiddleware()

const upload = (id: string, name: string, type: string, size: number) => ({ id, file: new File([new Uint8Array(size)], name, { type }) })

describe.each(hostKinds)('the service desk, %s host', (kind, makeHost) => {
  describe('startChat', () => {
    it('sends topic, message, summary, history key and additional data to /auth with the visitor token', async () => {
      const h = await startedDesk(makeHost(), { getVisitorToken: async () => 'visitor.jwt' })
      const [auth] = middleware.of('auth')
      expect(auth?.authorization).toBe('Bearer visitor.jwt')
      expect(auth?.body).toMatchObject({
        topic: 'billing',
        messageToHumanAgent: 'Visitor asks about an invoice',
        summary: ['Visitor: my invoice is wrong'],
        sessionHistoryKey: 'shk-1',
        additionalData: { plan: 'gold' },
      })
      expect(Value.Check(AuthRequestBody, auth?.body)).toBe(true)
      expect(h.transport.connectedWith).toEqual({ token: 'twilio-token-1', chatSid: 'CH0001', identity: VISITOR })
      await h.desk.endChat({})
    })

    it("takes v8's agentAppInfo.sessionHistoryKey and finds connect_to_agent anywhere", async () => {
      const h = await buildDesk(makeHost())
      const generic = [
        { response_type: 'text', text: 'hi' },
        { response_type: 'connect_to_agent', topic: 'sales' },
      ]
      await h.desk.startChat({ output: { generic } }, { agentAppInfo: { sessionHistoryKey: 'v8-key' } })
      expect(middleware.of('auth')[0]?.body).toMatchObject({ topic: 'sales', sessionHistoryKey: 'v8-key' })
      await h.desk.endChat({})
    })

    it('stores what a reload needs', async () => {
      const h = await startedDesk(makeHost())
      if (kind === 'v7') expect(h.host.names()).not.toContain('updatePersistedState')
      else
        expect(h.host.stored()).toMatchObject({
          chatSid: 'CH0001',
          identity: VISITOR,
          sessionToken: SESSION_TOKEN,
          transport: 'conversations',
        })
      await h.desk.endChat({})
    })

    it('reports a middleware failure as a connecting error with a human sentence, and rejects', async () => {
      middleware.answer('auth', () => errorReply(503, 'flex_unavailable', 'Twilio answered 503'))
      const h = await buildDesk(makeHost())
      await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(/not available right now/)
      expect(h.host.argsOf('setErrorStatus')[0]?.[0]).toMatchObject({
        type: 1,
        messageToUser: 'The support service is not available right now. Please try again in a few minutes.',
      })
      expect(h.loads()).toBe(0)
    })

    it('reports a Twilio failure as a connecting error, rejects and shuts the client down', async () => {
      const h = await buildDesk(makeHost())
      h.transport.failConnect = new Error('Access token invalid')
      await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(/could not open the chat/)
      expect(h.host.argsOf('setErrorStatus')[0]?.[0]).toMatchObject({ type: 1 })
      expect(h.transport.shutDown).toBe(true)
    })
  })

  describe('endChat', () => {
    it('calls /chats/end, leaves, shuts down, and no callback fires afterwards', async () => {
      const h = await startedDesk(makeHost())
      h.transport.emit('memberJoined', member(AGENT, 'Ana'))
      await flush()
      const before = h.host.calls.length
      await h.desk.endChat({})
      h.transport.deliver(message(5, AGENT, 'still there?'))
      await flush()
      expect(middleware.of('end')[0]?.authorization).toBe(`Bearer ${SESSION_TOKEN}`)
      expect(h.transport.left).toBe(true)
      expect(h.transport.shutDown).toBe(true)
      expect(h.host.calls.slice(before).map((call) => call.name)).toEqual(kind === 'v7' ? [] : ['updatePersistedState'])
    })

    it("does not close the Flex chat again when the agent ended it (the host's own end flag)", async () => {
      const h = await startedDesk(makeHost())
      h.transport.emit('chatEnded')
      await flush()
      await h.desk.endChat(h.host.endedByAgentInfo)
      expect(middleware.of('end')).toHaveLength(0)
      expect(h.transport.shutDown).toBe(true)
    })

    it('skips /chats/end when the host says the agent ended the chat', async () => {
      const h = await startedDesk(makeHost())
      await h.desk.endChat({ endedByAgent: true })
      const carbon = await startedDesk(makeHost())
      await carbon.desk.endChat({ endedByHumanAgent: true })
      expect(middleware.of('end')).toHaveLength(0)
    })
  })

  describe('sendMessageToAgent', () => {
    it("sends the text with the host's message ID, and a retry never duplicates it", async () => {
      const h = await startedDesk(makeHost())
      await h.desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'msg-1', {})
      await h.desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'msg-1', {})
      expect(h.transport.sent).toEqual([{ kind: 'text', body: 'Hello', attributes: { messageId: 'msg-1' } }])
      await h.desk.endChat({})
    })

    it('rejects a failed send and marks the message failed where the host supports it', async () => {
      const h = await startedDesk(makeHost())
      h.transport.failSend = new Error('socket closed')
      await expect(h.desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'msg-2', {})).rejects.toThrow('socket closed')
      const errors = h.host.argsOf('setErrorStatus').map((args) => args[0])
      expect(errors).toEqual(kind === 'v7' ? [] : [{ type: 3, messageID: 'msg-2' }])
      await h.desk.endChat({})
    })

    it('sends files as media messages and reports each upload', async () => {
      const h = await startedDesk(makeHost(), { fileUpload: { maxBytes: 1_000, accept: 'image/*,.pdf' } })
      const files = [upload('f1', 'a.png', 'image/png', 10), upload('f2', 'b.pdf', 'application/pdf', 20)]
      await h.desk.sendMessageToAgent({ input: { text: '' } }, 'msg-3', { filesToUpload: files })
      expect(h.transport.sent.map((sent) => [sent.kind, sent.body, sent.attributes.messageId])).toEqual([
        ['media', 'a.png', 'msg-3/f1'],
        ['media', 'b.pdf', 'msg-3/f2'],
      ])
      expect(h.host.argsOf('setFileUploadStatus')).toEqual([['f1'], ['f2']])
      await h.desk.endChat({})
    })

    it('text and files in one send: a file that fails is settled as failed on its own, and the delivered text is not', async () => {
      const h = await startedDesk(makeHost(), { fileUpload: { maxBytes: 1_000, accept: 'image/*,.pdf' } })
      h.transport.failWhen = (sent) => (sent.body === 'b.pdf' ? new Error('Media upload failed') : undefined)
      const files = [
        upload('f1', 'a.png', 'image/png', 10),
        upload('f2', 'b.pdf', 'application/pdf', 20),
        upload('f3', 'c.png', 'image/png', 10),
      ]
      await expect(
        h.desk.sendMessageToAgent({ input: { text: 'Here are my receipts' } }, 'msg-5', { filesToUpload: files }),
      ).resolves.toBeUndefined()
      expect(h.transport.sent.map((sent) => sent.body)).toEqual(['Here are my receipts', 'a.png', 'c.png'])
      expect(h.host.argsOf('setFileUploadStatus')).toEqual([['f1'], ['f2', true, 'The file could not be sent. Please try again.'], ['f3']])
      expect(h.host.argsOf('setErrorStatus')).toEqual([])
      await h.desk.endChat({})
    })

    it('text and files in one send: when the text fails, every file is still settled, and the send rejects', async () => {
      const h = await startedDesk(makeHost(), { fileUpload: { maxBytes: 1_000, accept: 'image/*' } })
      h.transport.failWhen = (sent) => (sent.kind === 'text' ? new Error('socket closed') : undefined)
      const files = [upload('f1', 'a.png', 'image/png', 10), upload('big', 'big.png', 'image/png', 5_000)]
      await expect(h.desk.sendMessageToAgent({ input: { text: 'Hello' } }, 'msg-6', { filesToUpload: files })).rejects.toThrow(
        'socket closed',
      )
      expect(h.transport.sent.map((sent) => sent.body)).toEqual(['a.png'])
      expect(h.host.argsOf('setFileUploadStatus')).toEqual([['f1'], ['big', true, expect.stringMatching(/too large/)]])
      expect(h.host.argsOf('setErrorStatus').map((args) => args[0])).toEqual(kind === 'v7' ? [] : [{ type: 3, messageID: 'msg-6' }])
      await h.desk.endChat({})
    })

    it('refuses a file over the limit when sending, settling it with the reason (no text, so nothing rejects)', async () => {
      const h = await startedDesk(makeHost(), { fileUpload: { maxBytes: 100, accept: 'image/*' } })
      const files = [upload('big', 'big.png', 'image/png', 5_000)]
      await expect(h.desk.sendMessageToAgent({ input: {} }, 'msg-4', { filesToUpload: files })).resolves.toBeUndefined()
      expect(h.transport.sent).toEqual([])
      expect(h.host.argsOf('setFileUploadStatus')[0]).toEqual(['big', true, expect.stringMatching(/too large/)])
      await h.desk.endChat({})
    })
  })

  describe('file uploads', () => {
    it('advertises uploads when fileUpload is set, and not otherwise', async () => {
      const on = await buildDesk(makeHost(), { fileUpload: { maxBytes: 1_000, accept: 'image/*' } })
      const off = await buildDesk(makeHost())
      expect(on.host.argsOf('updateCapabilities')).toEqual([
        [{ allowFileUploads: true, allowMultipleFileUploads: true, allowedFileUploadTypes: 'image/*' }],
      ])
      expect(off.host.argsOf('updateCapabilities')).toEqual([[{ allowFileUploads: false }]])
    })

    it('rejects selected files of the wrong size or type with a clear message', async () => {
      const h = await buildDesk(makeHost(), { fileUpload: { maxBytes: 1_000, accept: 'image/*,.pdf' } })
      h.desk.filesSelectedForUpload([
        upload('ok', 'a.png', 'image/png', 10),
        upload('big', 'b.png', 'image/png', 2_000),
        upload('exe', 'c.exe', 'application/octet-stream', 10),
      ])
      await flush()
      expect(h.host.argsOf('setFileUploadStatus')).toEqual([
        ['big', true, 'This file is too large (2 KB). The limit is 1 KB.'],
        ['exe', true, 'This type of file cannot be sent. Allowed: image/*,.pdf.'],
      ])
    })
  })

  describe('areAnyAgentsOnline', () => {
    it.each([true, false, null])('answers %s for the topic', async (agentsOnline) => {
      middleware.availability({ agentsOnline })
      const h = await buildDesk(makeHost())
      await expect(h.desk.areAnyAgentsOnline(connectMessage)).resolves.toBe(agentsOnline)
      expect(middleware.of('availability')[0]?.query).toEqual({ topic: 'billing' })
    })

    it('answers null within 4 s when the middleware does not answer', async () => {
      vi.useFakeTimers()
      middleware.answer('availability', () => new Promise<Response>(() => undefined))
      const h = await buildDesk(makeHost())
      const answer = h.desk.areAnyAgentsOnline(connectMessage)
      await vi.advanceTimersByTimeAsync(AVAILABILITY_TIMEOUT_MS)
      await expect(answer).resolves.toBeNull()
    })

    it('answers null when the middleware fails', async () => {
      middleware.answer('availability', () => errorReply(500, 'internal', 'boom'))
      const h = await buildDesk(makeHost())
      await expect(h.desk.areAnyAgentsOnline(connectMessage)).resolves.toBeNull()
    })
  })

  it('has a name of at most 40 characters', async () => {
    const { desk } = await buildDesk(makeHost())
    expect(desk.getName().length).toBeLessThanOrEqual(40)
    expect(desk.getName()).toMatch(/Twilio Flex/)
  })
})
