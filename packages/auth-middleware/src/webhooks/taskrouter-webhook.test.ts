/**
 * Issue 14, "the Flex side gives up cleanly", on Twilio: TaskRouter cancels a task nobody accepted (its
 * workflow timed out); its event callback reaches the middleware, which closes the chat with the reason the
 * adapter reads, and leaves nothing open in Flex.
 */
import twilio from 'twilio'
import { afterEach, describe, expect, it } from 'vitest'
import { bearer, type Harness, SIDS, startHarness } from '../../test/harness.js'
import { givenUpChat } from './taskrouter-webhook.js'
import { TASKROUTER_WEBHOOK_PATH } from './webhook-paths.js'

const AUTH_TOKEN = 'a'.repeat(32)
const PUBLIC_BASE = 'https://chat.example.com'
const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789'
const CONVERSATION_UPDATE = 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}'
const INTERACTION_CHANNEL = 'POST flex-api.twilio.com/v1/Interactions/{InteractionSid}/Channels/{Sid}'
const LEGACY_UPDATE = 'POST chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}'

let h: Harness
afterEach(async () => {
  await h?.app.close()
})

const sign = (form: Record<string, string>) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_BASE + TASKROUTER_WEBHOOK_PATH, form)
const post = (form: Record<string, string>, signature = sign(form)) =>
  h.app.inject({
    method: 'POST',
    url: TASKROUTER_WEBHOOK_PATH,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  })

async function escalate(): Promise<{ chatSid: string; sessionToken: string }> {
  const res = await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' } })
  expect(res.statusCode).toBe(201)
  return res.json()
}

const taskOf = (chatSid: string) =>
  h.fake.tasks.find((t) => {
    const attributes = JSON.parse(t.attributes) as { conversationSid?: string; channelSid?: string }
    return attributes.conversationSid === chatSid || attributes.channelSid === chatSid
  })!

async function gaveUpCount(): Promise<number> {
  const res = await h.app.inject({ url: '/metrics', headers: bearer(METRICS_TOKEN) })
  const line = res.body.split('\n').find((l) => l.startsWith('flex_escalate_flex_gave_up_total{event="task.canceled"}'))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe.each(['conversations', 'programmable-chat'] as const)('TaskRouter gives a chat up (%s)', (api) => {
  const start = async (env: Record<string, string> = {}) => {
    h = await startHarness({ TWILIO_CHAT_API: api, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: PUBLIC_BASE, METRICS_TOKEN, ...env })
  }
  const endReason = (chatSid: string) =>
    JSON.parse(
      api === 'conversations' ? h.fake.conversations.get(chatSid)!.attributes : h.fake.legacyChannels.get(chatSid)!.attributes,
    ) as Record<string, unknown>

  it('closes the chat with the reason the visitor reads, leaving nothing open in Flex', async () => {
    await start()
    const chat = await escalate()
    const other = await escalate()
    const event = h.fake.timeOutTask(taskOf(chat.chatSid).sid, SIDS.workspace)
    expect((await post(event)).statusCode).toBe(204)

    expect(endReason(chat.chatSid)).toMatchObject({ endReason: 'no-agent', ...(api === 'programmable-chat' && { status: 'INACTIVE' }) })
    if (api === 'conversations') {
      // The reason first, then the Interaction closed as Flex asks (which closes the conversation).
      expect(h.fake.calls(CONVERSATION_UPDATE).map(({ form }) => [...form.keys()])).toEqual([['Attributes']])
      expect(h.fake.calls(INTERACTION_CHANNEL).map(({ form }) => form.get('Status'))).toEqual(['closed'])
    }
    const open = h.fake.openResources()
    expect([...open.conversations, ...open.legacyChannels]).toEqual([other.chatSid])
    expect(open.tasks).toEqual([taskOf(other.chatSid).sid])
    expect(await gaveUpCount()).toBe(1)
    expect(h.fake.violations).toEqual([])

    // Twilio delivering it again, or the visitor's end afterwards: nothing more is asked of Twilio.
    const calls = h.fake.log.calls.size
    const updates = h.fake.calls(api === 'conversations' ? CONVERSATION_UPDATE : LEGACY_UPDATE).length
    expect((await post(event)).statusCode).toBe(204)
    expect((await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })).statusCode).toBe(204)
    expect(h.fake.calls(api === 'conversations' ? CONVERSATION_UPDATE : LEGACY_UPDATE)).toHaveLength(updates)
    expect(h.fake.log.calls.size).toBe(calls)
    expect(await gaveUpCount()).toBe(1)
  })

  it('a Twilio failure answers 5xx and leaves the chat to the next delivery', async () => {
    // No retries: the first failure is the answer.
    await start({ TWILIO_RETRY_BUDGET_MS: '0' })
    const chat = await escalate()
    const event = h.fake.timeOutTask(taskOf(chat.chatSid).sid, SIDS.workspace)
    const read =
      api === 'conversations'
        ? 'GET conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}'
        : 'GET chat.twilio.com/v2/Services/{ServiceSid}/Channels/{Sid}'
    h.fake.fail(read, 500)
    const res = await post(event)
    expect(res.statusCode).toBeGreaterThanOrEqual(500)
    expect(endReason(chat.chatSid).endReason).toBeUndefined()
    expect((await post(event)).statusCode).toBe(204)
    expect(endReason(chat.chatSid).endReason).toBe('no-agent')
  })
})

describe('TaskRouter gives a chat up (conversations), and Flex refuses to close its Interaction channel', () => {
  it('closes the conversation itself, with the reason, and leaves nothing open', async () => {
    h = await startHarness({
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WEBHOOK_URL: PUBLIC_BASE,
      TWILIO_RETRY_BUDGET_MS: '0',
      LOG_LEVEL: 'warn',
    })
    const chat = await escalate()
    const event = h.fake.timeOutTask(taskOf(chat.chatSid).sid, SIDS.workspace)
    h.fake.fail(INTERACTION_CHANNEL, 400, 45002)
    expect((await post(event)).statusCode).toBe(204)
    const conversation = h.fake.conversations.get(chat.chatSid)!
    expect(conversation.state).toBe('closed')
    expect(JSON.parse(conversation.attributes)).toMatchObject({ endReason: 'no-agent' })
    expect(h.fake.openResources()).toEqual({ conversations: [], legacyChannels: [], tasks: [] })
    expect(h.logs.some((line) => line.includes('closing the interaction channel failed'))).toBe(true)
  })
})

describe('the TaskRouter webhook refuses or ignores what is not ours to act on', () => {
  it('answers 403 to an unsigned or forged event, 415 to anything but a form, and changes nothing', async () => {
    h = await startHarness({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: PUBLIC_BASE })
    const chat = await escalate()
    const event = h.fake.timeOutTask(taskOf(chat.chatSid).sid, SIDS.workspace)
    for (const signature of ['', 'bm90LWEtc2lnbmF0dXJl', sign({ ...event, WorkspaceSid: `WS${'9'.repeat(32)}` })]) {
      const res = await post(event, signature)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ error: 'Forbidden', field: 'headers.x-twilio-signature' })
    }
    const json = await h.app.inject({ method: 'POST', url: TASKROUTER_WEBHOOK_PATH, payload: event })
    expect(json.statusCode).toBe(415)
    expect(json.json()).toMatchObject({ error: 'Unsupported Media Type', message: expect.stringMatching(/^Failed to read the webhook/) })
    expect(h.fake.conversations.get(chat.chatSid)!.state).toBe('active')
  })

  it('answers other events, other workspaces and other channels at once, without calling Twilio', async () => {
    h = await startHarness({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: PUBLIC_BASE })
    const chat = await escalate()
    const event = h.fake.timeOutTask(taskOf(chat.chatSid).sid, SIDS.workspace)
    const calls = h.fake.log.calls.size
    const voiceTask = JSON.stringify({ ...JSON.parse(event.TaskAttributes!), channelType: 'voice' })
    for (const form of [
      { ...event, EventType: 'task.created' },
      { ...event, EventType: 'reservation.timeout' },
      { ...event, WorkspaceSid: `WS${'9'.repeat(32)}` },
      { ...event, TaskAttributes: voiceTask },
      { ...event, TaskAttributes: 'not json' },
    ]) {
      expect((await post(form)).statusCode).toBe(204)
    }
    expect(h.fake.log.calls.size).toBe(calls)
    expect(h.fake.conversations.get(chat.chatSid)!.state).toBe('active')
  })

  it('is not mounted without TWILIO_AUTH_TOKEN, nor in the sandbox (which gives up by itself)', async () => {
    h = await startHarness()
    expect((await post({ EventType: 'task.canceled' })).statusCode).toBe(404)
  })
})

describe('givenUpChat', () => {
  const conversationSid = `CH${'1'.repeat(32)}`
  it('reads our web chat and its Interaction from the task attributes', () => {
    expect(
      givenUpChat(
        JSON.stringify({
          channelType: 'web',
          conversationSid,
          flexInteractionSid: `KD${'2'.repeat(32)}`,
          flexInteractionChannelSid: `UO${'3'.repeat(32)}`,
        }),
      ),
    ).toEqual({ chatSid: conversationSid, interactionSid: `KD${'2'.repeat(32)}`, interactionChannelSid: `UO${'3'.repeat(32)}` })
    expect(givenUpChat(JSON.stringify({ channelType: 'web', channelSid: conversationSid }))).toEqual({
      chatSid: conversationSid,
      interactionSid: undefined,
      interactionChannelSid: undefined,
    })
  })

  it('ignores other channels, SIDs of another kind, and unreadable attributes', () => {
    expect(givenUpChat(JSON.stringify({ channelType: 'sms', conversationSid }))).toBeUndefined()
    expect(givenUpChat(JSON.stringify({ channelType: 'web', conversationSid: `IS${'1'.repeat(32)}` }))).toBeUndefined()
    expect(givenUpChat('[]')).toBeUndefined()
    expect(givenUpChat(undefined)).toBeUndefined()
  })
})
