/**
 * `POST /chats/rating` on both Flex APIs (the real `twilio` SDK against the spec-checked fakes) and in the
 * sandbox: the rating lands in the chat task's attributes, even once the chat ended.
 */
import { MAX_RATING_COMMENT_LENGTH } from '@flex-escalate/api'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, startHarness } from '../../test/harness.js'
import { type SandboxHarness, startSandbox } from '../../test/sandbox/sandbox-harness.js'

let h: Harness | undefined
afterEach(async () => {
  if (h) expect(h.fake.violations).toEqual([])
  await h?.app.close()
  h = undefined
})

const UPDATE = 'POST taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}'
const start = async (harness: Harness) => (await harness.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })).json()
const rate = (harness: { app: Harness['app'] }, sessionToken: string | undefined, payload: unknown) =>
  harness.app.inject({
    method: 'POST',
    url: '/chats/rating',
    ...(sessionToken ? { headers: bearer(sessionToken) } : {}),
    payload: payload as Record<string, unknown>,
  })
const taskOf = (harness: Harness) => harness.fake.tasks.at(-1)!

describe.each(['conversations', 'programmable-chat'])('POST /chats/rating on %s', (api) => {
  it('merges rating and ratingComment into the attributes of the ended chat task, keeping the others', async () => {
    h = await startHarness({ TWILIO_CHAT_API: api })
    const chat = await start(h)
    await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })
    expect(taskOf(h).status).toBe('completed')

    const res = await rate(h, chat.sessionToken, { rating: 4, comment: '  Quick and kind  ' })
    expect(res.statusCode).toBe(204)
    expect(JSON.parse(taskOf(h).attributes)).toMatchObject({ topic: 'billing', rating: 4, ratingComment: 'Quick and kind' })
    expect(h.fake.calls(UPDATE)).toHaveLength(1)
  })

  it('stores a rating without a comment, and a second rating overwrites the first', async () => {
    h = await startHarness({ TWILIO_CHAT_API: api })
    const chat = await start(h)
    expect((await rate(h, chat.sessionToken, { rating: 2 })).statusCode).toBe(204)
    expect((await rate(h, chat.sessionToken, { rating: 5 })).statusCode).toBe(204)
    const attributes = JSON.parse(taskOf(h).attributes)
    expect(attributes.rating).toBe(5)
    expect(attributes).not.toHaveProperty('ratingComment')
  })

  it('answers 404 with the reason when Twilio no longer has the task', async () => {
    h = await startHarness({ TWILIO_CHAT_API: api })
    const chat = await start(h)
    h.fake.tasks.length = 0
    const res = await rate(h, chat.sessionToken, { rating: 3 })
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toMatch(/^Failed to store the rating: the chat's task no longer exists/)
  })
})

describe('POST /chats/rating refuses', () => {
  it.each([
    ['a rating of 0', { rating: 0 }, 'body.rating'],
    ['a rating of 6', { rating: 6 }, 'body.rating'],
    ['a rating of 4.5', { rating: 4.5 }, 'body.rating'],
    ['no rating', {}, 'rating'],
    ['a comment over the limit', { rating: 4, comment: 'x'.repeat(MAX_RATING_COMMENT_LENGTH + 1) }, 'body.comment'],
    ['an unknown field', { rating: 4, stars: 4 }, 'stars'],
  ])('%s with a 400 naming the field, calling no Twilio', async (_case, payload, field) => {
    h = await startHarness()
    const chat = await start(h)
    const res = await rate(h, chat.sessionToken, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toContain(field)
    expect(h.fake.calls(UPDATE)).toHaveLength(0)
  })

  it('a request without the session token with a 401', async () => {
    h = await startHarness()
    const res = await rate(h, undefined, { rating: 4 })
    expect(res.statusCode).toBe(401)
  })

  it('with a 502 when Twilio fails to store it (retries off), and stores it on retry', async () => {
    h = await startHarness({ TWILIO_RETRY_BUDGET_MS: '0' })
    const chat = await start(h)
    h.fake.fail(UPDATE, 503)
    const failed = await rate(h, chat.sessionToken, { rating: 1 })
    expect(failed.statusCode).toBe(502)
    expect(failed.json().message).toMatch(/^Failed to store the rating on the chat task: Twilio answered 503/)
    expect((await rate(h, chat.sessionToken, { rating: 1 })).statusCode).toBe(204)
    expect(JSON.parse(taskOf(h).attributes).rating).toBe(1)
  })
})

describe('POST /chats/rating in the sandbox', () => {
  let s: SandboxHarness | undefined
  afterEach(async () => {
    await s?.close()
    s = undefined
  })

  it('sets the task attributes the agent console shows in the wrap-up, after the chat ended', async () => {
    s = await startSandbox()
    const auth = await s.escalate({ topic: 'billing' })
    const task = s.sandbox.router.openTaskForChat(auth.chatSid)!
    await s.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(auth.sessionToken) })
    expect((await rate(s, auth.sessionToken, { rating: 4, comment: 'Thanks' })).statusCode).toBe(204)
    expect(s.sandbox.router.task(task.sid)?.attributes).toMatchObject({ rating: 4, ratingComment: 'Thanks' })
  })
})
