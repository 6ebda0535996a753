import { SandboxCloseCode } from '@flex-escalate/api'
import { TRANSCRIPT_AUTHOR } from '@flex-escalate/api/transcript'
import { afterEach, describe, expect, it } from 'vitest'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import { createManualClock } from '../manual-clock.js'
import { TestSocket } from '../test-socket.js'

let h: HubHarness
afterEach(async () => {
  await h?.close()
})

describe('visitor socket: authenticate', () => {
  it('joins the visitor to its chat with the members and the token lifetime', async () => {
    h = await startHub()
    const auth = await h.escalate({ visitorName: 'Grace', topic: 'billing', summary: ['Visitor: hi'] })
    const { ready } = await h.visitor(auth)
    expect(ready.chat).toEqual({ sid: auth.chatSid, state: 'active' })
    expect(ready.members).toEqual([{ identity: auth.identity, role: 'visitor', displayName: 'Grace' }])
    expect(ready.tokenExpiresIn).toBeGreaterThan(3590)
  })

  it('closes with 4401 on a bad token, a token of another visitor, or no authenticate in time', async () => {
    // The sign-in deadline runs on a manual clock: it cannot cut the first two sockets before they are
    // answered, however slow the machine, and cuts the silent one when the test moves the clock.
    const clock = createManualClock()
    h = await startHub({ sandbox: { clock }, hub: { signInTimeoutMs: 200 } })
    const auth = await h.escalate()
    const other = await h.escalate()
    const url = auth.sandboxUrl

    const forged = await TestSocket.open(url)
    const reply = await forged.request({ type: 'authenticate', token: `${auth.token}x`, chatSid: auth.chatSid })
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringMatching(/^Failed to verify the access token: invalid signature/) },
    })
    expect((await forged.closed).code).toBe(SandboxCloseCode.unauthorized)

    const wrongChat = await TestSocket.open(url)
    expect(await wrongChat.request({ type: 'authenticate', token: other.token, chatSid: auth.chatSid })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/another visitor/) },
    })
    expect((await wrongChat.closed).code).toBe(SandboxCloseCode.unauthorized)

    // Open on the client means the server has run its route (it writes the 101 and starts the deadline in
    // one go), so the deadline is scheduled by now.
    const silent = await TestSocket.open(url)
    clock.advance(199)
    expect(silent.ws.readyState).toBe(silent.ws.OPEN)
    clock.advance(1)
    expect((await silent.closed).code).toBe(SandboxCloseCode.unauthorized)
  })

  it('closes with 4404 for a chat the sandbox does not know', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const socket = await TestSocket.open(auth.sandboxUrl)
    await socket.request({ type: 'authenticate', token: auth.token, chatSid: `CH${'0'.repeat(32)}` })
    expect((await socket.closed).code).toBe(SandboxCloseCode.notFound)
  })

  it('refuses requests before authenticate without closing', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const socket = await TestSocket.open(auth.sandboxUrl)
    expect(await socket.request({ type: 'history', afterIndex: -1 })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    await socket.ok({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
  })

  it('bounds the sockets of one chat', async () => {
    h = await startHub({ hub: { maxSocketsPerChat: 2 } })
    const auth = await h.escalate()
    await h.visitor(auth)
    await h.visitor(auth)
    const third = await TestSocket.open(auth.sandboxUrl)
    expect(await third.request({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })).toMatchObject({
      ok: false,
      error: { code: 'too-many-connections' },
    })
    expect((await third.closed).code).toBe(SandboxCloseCode.badRequest)
  })
})

describe('visitor socket: messages', () => {
  it('stores a message once per messageId and answers a retry with the same index', async () => {
    h = await startHub()
    const auth = await h.escalate({ topic: 'billing' })
    const { socket } = await h.visitor(auth)
    const first = await socket.ok<{ index: number }>({ type: 'send', body: 'Hello', attributes: { messageId: 'm-1' } })
    const retry = await socket.ok<{ index: number }>({ type: 'send', body: 'Hello', attributes: { messageId: 'm-1' } })
    const next = await socket.ok<{ index: number }>({ type: 'send', body: 'Anyone?', attributes: { messageId: 'm-2' } })
    expect(first.index).toBe(1) // 0 is the assistant's transcript
    expect(retry.index).toBe(first.index)
    expect(next.index).toBe(2)
    expect(h.sandbox.chats.messagesAfter(auth.chatSid, -1).map((m) => m.body)).toEqual(['Topic: billing', 'Hello', 'Anyone?'])
    // Its own messages come back as events too (the store is the source of truth), once each.
    await socket.next('messageAdded', (e) => e.message.index === 2)
    expect(socket.pending('messageAdded')).toHaveLength(1)
  })

  it('answers history after an index, oldest first, with the transcript marked', async () => {
    h = await startHub()
    const auth = await h.escalate({ topic: 'billing' })
    const { socket } = await h.visitor(auth)
    await socket.ok({ type: 'send', body: 'one', attributes: {} })
    await socket.ok({ type: 'send', body: 'two', attributes: {} })
    const all = await socket.ok<{ messages: { index: number; author: string; body: string }[] }>({ type: 'history', afterIndex: -1 })
    expect(all.messages.map((m) => [m.index, m.author === TRANSCRIPT_AUTHOR ? 'assistant' : m.body])).toEqual([
      [0, 'assistant'],
      [1, 'one'],
      [2, 'two'],
    ])
    const after = await socket.ok<{ messages: { body: string }[] }>({ type: 'history', afterIndex: 1 })
    expect(after.messages.map((m) => m.body)).toEqual(['two'])
  })

  it('takes a file as a data URL, and bounds the files a chat holds', async () => {
    h = await startHub({ hub: { mediaBytesPerChat: 10 } })
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    const media = {
      filename: 'a.txt',
      contentType: 'text/plain',
      dataUrl: `data:text/plain;base64,${Buffer.from('12345678').toString('base64')}`,
    }
    await socket.ok({ type: 'send', body: '', attributes: { messageId: 'f-1' }, media })
    const [stored] = h.sandbox.chats.messagesAfter(auth.chatSid, -1)
    expect(stored!.media).toMatchObject([{ filename: 'a.txt', size: 8, url: media.dataUrl }])
    await socket.ok({ type: 'send', body: '', attributes: { messageId: 'f-1' }, media }) // a retry costs nothing
    expect(await socket.request({ type: 'send', body: '', attributes: { messageId: 'f-2' }, media })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
  })

  it('leave ends the chat and closes the socket normally', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    await socket.ok({ type: 'leave' })
    expect((await socket.closed).code).toBe(SandboxCloseCode.normal)
    expect(h.sandbox.chats.chat(auth.chatSid)!.state).toBe('closed')
    expect(h.sandbox.router.openTaskForChat(auth.chatSid)).toBeUndefined()
  })
})

describe('visitor socket: Flex gives up', () => {
  it('tells the visitor no agent accepted the chat in time, live and on reconnecting', async () => {
    const clock = createManualClock()
    h = await startHub({ sandbox: { clock, workflowTimeoutSeconds: 60 } })
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    clock.advance(60_000)
    expect(await socket.next('chatEnded')).toEqual({ type: 'chatEnded', reason: 'no-agent' })
    expect(h.sandbox.router.openTaskForChat(auth.chatSid)).toBeUndefined()
    // A page reloaded after the end reads why it ended.
    const { ready } = await h.visitor(auth)
    expect(ready.chat).toEqual({ sid: auth.chatSid, state: 'closed', endReason: 'no-agent' })
  })

  it('says no reason when the chat ended any other way', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    h.sandbox.endChat(auth.chatSid)
    expect(await socket.next('chatEnded')).toEqual({ type: 'chatEnded' })
  })
})

describe('visitor socket: token expiry', () => {
  it('warns, then stops delivering until updateToken, then sends what was missed', async () => {
    // Tokens are issued and checked, and the warning and expiry timed, on the sandbox's clock: a manual
    // one (starting on a whole second, as `exp` is in seconds) lets the token expire without waiting.
    const clock = createManualClock()
    h = await startHub({ sandbox: { accessTokenTtlSeconds: 2, clock }, hub: { tokenWarningSeconds: 1 } })
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    clock.advance(999)
    expect(socket.pending('tokenAboutToExpire')).toHaveLength(0)
    clock.advance(1)
    await socket.next('tokenAboutToExpire')
    clock.advance(1000)
    await socket.next('tokenExpired')
    h.sandbox.chats.postSystemMessage(auth.chatSid, { author: 'system', body: 'while you were away' })
    // The store tells the hub of the message synchronously, so anything the socket would be sent for it
    // goes out before the reply to this later request: once the reply is in, nothing can still be coming.
    expect(await socket.request({ type: 'send', body: 'late', attributes: {} })).toMatchObject({
      ok: false,
      error: { code: 'token-expired' },
    })
    expect(socket.pending('messageAdded')).toHaveLength(0)

    expect(await socket.request({ type: 'updateToken', token: (await h.escalate()).token })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    const refreshed = h.sandbox.mintAccessToken(auth.identity)
    const result = await socket.ok<{ tokenExpiresIn: number }>({ type: 'updateToken', token: refreshed.token })
    expect(result.tokenExpiresIn).toBe(2)
    expect((await socket.next('messageAdded')).message.body).toBe('while you were away')
  })
})

describe('visitor socket: bad frames', () => {
  it('answers a frame with an id naming the field, ignores garbage, and closes with 4400 when it goes on', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth)
    expect(await socket.request({ type: 'history' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/field afterIndex is missing/) },
    })
    expect(await socket.request({ type: 'send', body: 5, attributes: {} })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/field body must be string/) },
    })
    expect(await socket.request({ type: 'dance' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/type "dance"/) } })
    await socket.ok({ type: 'history', afterIndex: -1 }) // a good frame earns one strike back
    socket.sendRaw('{not json')
    socket.sendRaw(Buffer.from([1, 2, 3]))
    socket.sendRaw('[]')
    expect((await socket.closed).code).toBe(SandboxCloseCode.badRequest)
    // The server is fine: another visitor of the same chat still gets in.
    await h.visitor(auth)
  })

  it('refuses a frame over the size limit and one burst over the rate', async () => {
    h = await startHub({ hub: { maxPayloadBytes: 1000, framesBurst: 3, framesPerSecond: 1, maxStrikes: 100 } })
    const auth = await h.escalate()
    const { socket } = await h.visitor(auth) // the authenticate frame took one token
    const replies = await Promise.all([1, 2, 3].map(() => socket.request({ type: 'history', afterIndex: -1 })))
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'rate-limited'])
    socket.sendRaw(JSON.stringify({ type: 'send', id: 99, body: 'x'.repeat(2000), attributes: {} }))
    expect((await socket.closed).code).toBe(1009) // message too big
  })
})

describe('shutdown', () => {
  it('closes every socket with 4000 on app.close', async () => {
    h = await startHub()
    const auth = await h.escalate()
    const { socket: visitor } = await h.visitor(auth)
    const { socket: agent } = await h.agent('Ada')
    await h.app.close()
    expect((await visitor.closed).code).toBe(SandboxCloseCode.restarting)
    expect((await agent.closed).code).toBe(SandboxCloseCode.restarting)
  })
})
