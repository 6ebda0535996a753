import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, SESSION_SECRET, startHarness } from '../../test/harness.js'

let h: Harness
afterEach(async () => {
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

const start = async () => (await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()
const end = (sessionToken: string) => h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(sessionToken) })

describe('POST /chats/end on Flex Conversations', () => {
  it('closes the interaction channel, which completes the task and closes the conversation; again is 204 too', async () => {
    h = await startHarness()
    const chat = await start()
    expect((await end(chat.sessionToken)).statusCode).toBe(204)
    const closes = h.fake.calls('POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}')
    expect(closes).toHaveLength(1)
    expect(closes[0]!.form.get('Status')).toBe('closed')
    expect(h.fake.conversations.get(chat.chatSid)!.state).toBe('closed')
    expect(h.fake.tasks.every((t) => t.status === 'completed')).toBe(true)

    expect((await end(chat.sessionToken)).statusCode).toBe(204)
    expect(h.fake.calls('POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}')).toHaveLength(1)
  })

  it('treats a chat Twilio no longer knows as ended', async () => {
    h = await startHarness()
    const chat = await start()
    h.fake.interactions.clear()
    expect((await end(chat.sessionToken)).statusCode).toBe(204)
  })

  it('answers 502 when Twilio fails (retries off), and the chat can be ended on retry', async () => {
    h = await startHarness({ TWILIO_RETRY_BUDGET_MS: '0' })
    const chat = await start()
    h.fake.fail('POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}', 503)
    const failed = await end(chat.sessionToken)
    expect(failed.statusCode).toBe(502)
    expect(failed.json().message).toMatch(/^Failed to close the Flex interaction: Twilio answered 503/)
    expect((await end(chat.sessionToken)).statusCode).toBe(204)
    expect(h.fake.conversations.get(chat.chatSid)!.state).toBe('closed')
  })
})

describe('POST /chats/end on legacy Programmable Chat', () => {
  it('sets the channel status INACTIVE keeping its other attributes, once', async () => {
    h = await startHarness({ TWILIO_CHAT_API: 'programmable-chat' })
    const chat = await start()
    expect((await end(chat.sessionToken)).statusCode).toBe(204)
    const attributes = JSON.parse(h.fake.legacyChannels.get(chat.chatSid)!.attributes)
    expect(attributes).toMatchObject({ status: 'INACTIVE', from: 'Website visitor' })
    expect((await end(chat.sessionToken)).statusCode).toBe(204)
    expect(h.fake.calls('POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}')).toHaveLength(1)
    expect(h.fake.tasks.every((t) => t.status === 'completed')).toBe(true)
  })
})

describe('session tokens are bound to their chat', () => {
  it('refuses a session token whose chat was swapped for another chat', async () => {
    h = await startHarness()
    const mine = await start()
    const other = await start()
    const [header, , signature] = mine.sessionToken.split('.')
    const claims = jwt.decode(mine.sessionToken) as jwt.JwtPayload
    const swapped = Buffer.from(JSON.stringify({ ...claims, chat: { ...claims.chat, chatSid: other.chatSid } })).toString('base64url')
    const res = await end(`${header}.${swapped}.${signature}`)
    expect(res.statusCode).toBe(401)
    expect(res.json().message).toMatch(/invalid signature/)
    expect(h.fake.conversations.get(other.chatSid)!.state).toBe('active')
  })

  it('refuses a session token signed by anyone but this middleware', async () => {
    h = await startHarness()
    const mine = await start()
    const claims = jwt.decode(mine.sessionToken) as jwt.JwtPayload
    const forged = jwt.sign(claims, 'not-the-session-secret-not-the-session', { algorithm: 'HS256' })
    expect((await end(forged)).statusCode).toBe(401)
  })

  it('refuses an expired session token', async () => {
    h = await startHarness()
    const mine = await start()
    const claims = jwt.decode(mine.sessionToken) as jwt.JwtPayload
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, SESSION_SECRET, { algorithm: 'HS256' })
    const res = await end(expired)
    expect(res.statusCode).toBe(401)
    expect(res.json().message).toMatch(/it has expired/)
  })

  it('ends only the chat the token names', async () => {
    h = await startHarness()
    const mine = await start()
    const other = await start()
    await end(mine.sessionToken)
    expect(h.fake.conversations.get(mine.chatSid)!.state).toBe('closed')
    expect(h.fake.conversations.get(other.chatSid)!.state).toBe('active')
  })
})
