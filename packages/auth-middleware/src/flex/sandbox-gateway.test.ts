/**
 * The middleware in sandbox mode, end to end over HTTP and the hub's sockets: what the middleware adds to
 * `@flex-escalate/flex-sandbox` (whose own tests cover the sandbox and its hub).
 */
import { TestSocket } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type SandboxHarness, startSandbox } from '../../test/sandbox/sandbox-harness.js'

let h: SandboxHarness
afterEach(async () => {
  await h?.close()
})

describe('/auth in sandbox mode', () => {
  it('replies transport sandbox with the socket URL of the host the visitor reached', async () => {
    h = await startSandbox()
    const auth = await h.escalate({ topic: 'billing' })
    expect(auth.transport).toBe('sandbox')
    expect(auth.sandboxUrl).toBe(`${h.base.replace('http', 'ws')}/sandbox/visitor`)
    const proxied = await h.app.inject({
      method: 'POST',
      url: '/auth',
      payload: {},
      headers: { host: 'chat.example.com', 'x-forwarded-proto': 'https' },
    })
    // Without TRUST_PROXY the forwarded protocol is ignored.
    expect(proxied.json().sandboxUrl).toBe('ws://chat.example.com/sandbox/visitor')
  })

  it('uses wss behind an https proxy it trusts', async () => {
    h = await startSandbox({ env: { TRUST_PROXY: 'true' } })
    const res = await h.app.inject({
      method: 'POST',
      url: '/auth',
      payload: {},
      headers: { 'x-forwarded-host': 'chat.example.com', 'x-forwarded-proto': 'https' },
    })
    expect(res.json().sandboxUrl).toBe('wss://chat.example.com/sandbox/visitor')
  })

  it('opens the chat with what the visitor and the assistant said, and the token joins its socket', async () => {
    h = await startSandbox()
    const auth = await h.escalate({ visitorName: 'Grace', topic: 'billing', summary: ['Visitor: charged twice'] })
    const task = h.sandbox.router.openTaskForChat(auth.chatSid)
    expect(task?.attributes).toMatchObject({ name: 'Grace', from: 'Grace', topic: 'billing', conversationSid: auth.chatSid })
    const { ready } = await h.visitor(auth)
    expect(ready.members).toEqual([{ identity: auth.identity, role: 'visitor', displayName: 'Grace' }])
  })
})

describe('POST /chats/end in sandbox mode', () => {
  it('ends the chat: the console sees it ended and its task in wrap-up', async () => {
    h = await startSandbox()
    const ada = await h.agent('Ada')
    const auth = await h.escalate({ topic: 'billing' })
    const offer = await ada.socket.next('state', (frame) => frame.state.offers.length > 0)
    await ada.socket.ok({ type: 'accept', reservationSid: offer.state.offers[0]!.reservationSid })
    const res = await fetch(`${h.base}/chats/end`, { method: 'POST', headers: { authorization: `Bearer ${auth.sessionToken}` } })
    expect(res.status).toBe(204)
    const ended = await ada.socket.next('state', (frame) => frame.state.chats[0]?.ended === true)
    expect(ended.state.chats[0]!.status).toBe('wrapping')
  })
})

describe('the sandbox sockets in the middleware', () => {
  it('take the pages ALLOWED_ORIGINS lists, and refuse any other page before the upgrade', async () => {
    h = await startSandbox({ env: { ALLOWED_ORIGINS: 'http://127.0.0.1:5173' } })
    const url = `${h.base.replace('http', 'ws')}/sandbox/agent`
    const listed = await TestSocket.open(url, { origin: 'http://127.0.0.1:5173' })
    expect(await listed.ok({ type: 'signIn', name: 'Ada' })).toMatchObject({ worker: { name: 'Ada' } })
    listed.close()
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: 'http://evil.example' })
      ws.once('open', () => reject(new Error('a page of http://evil.example got a socket')))
      ws.once('error', () => undefined)
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    })
    expect(status).toBe(403)
  })
})
