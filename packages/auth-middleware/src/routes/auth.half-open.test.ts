/**
 * A start that fails halfway on Flex Conversations: the conversation exists, the Interaction (and so the
 * task) could not be created, and Twilio also refuses to remove the conversation. The visitor is answered
 * with the routing failure; the conversation is handed to the presence sweeper, which closes it once Twilio
 * answers, trying again after a failure, so nothing is left open on Twilio for good.
 */
import { PRESENCE_NOTICE_KIND } from '@flex-escalate/api'
import { createManualClock, type ManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from '../../test/harness.js'

const INTERACTION = 'POST flex-api.twilio.com/v1/Interactions'
const REMOVE = 'DELETE conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}'
const UPDATE = 'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{Sid}'

let h: Harness
let clock: ManualClock
beforeEach(async () => {
  clock = createManualClock()
  // One attempt a call: the failures below are the whole story, not the first of several retries.
  h = await startHarness({ TWILIO_RETRY_BUDGET_MS: '0', LOG_LEVEL: 'info' }, { clock })
})
afterEach(async () => {
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

/** The visitor asks for an agent while Twilio fails to route the chat and to remove it again. */
async function halfOpenStart(): Promise<string> {
  h.fake.fail(INTERACTION, 503, 20503)
  h.fake.fail(REMOVE, 503, 20503)
  const res = await h.app.inject({ method: 'POST', url: '/auth', payload: { topic: 'Billing' } })
  expect(res.statusCode).toBe(502)
  expect(res.json().message).toMatch(/^Failed to route the chat to Flex: Twilio answered 503/)
  const [orphan] = h.fake.openResources().conversations
  expect(orphan).toBeDefined()
  return orphan as string
}

describe('a start that fails halfway and cannot be undone', () => {
  it('answers the routing failure, and the next sweep closes the conversation nobody has', async () => {
    const orphan = await halfOpenStart()
    await h.app.presence.sweep()
    expect(h.fake.openResources()).toEqual({ conversations: [], legacyChannels: [], tasks: [] })
    expect(h.fake.conversations.get(orphan)?.state).toBe('closed')
    // Closed without a word in it: there is no agent to tell.
    expect(h.fake.conversations.get(orphan)?.messages.filter((message) => message.attributes.includes(PRESENCE_NOTICE_KIND))).toEqual([])
    expect(h.logs.some((line) => line.includes('abandoned by a start that failed halfway'))).toBe(true)
  })

  it('keeps trying when closing fails too, until Twilio takes it', async () => {
    const orphan = await halfOpenStart()
    h.fake.fail(UPDATE, 503, 20503)
    await h.app.presence.sweep()
    expect(h.fake.openResources().conversations).toEqual([orphan])
    // Not before the retry wait is over...
    await h.app.presence.sweep()
    expect(h.fake.calls(UPDATE)).toHaveLength(1)
    // ...and then it goes.
    clock.advance(15_000)
    await h.app.presence.sweep()
    expect(h.fake.openResources().conversations).toEqual([])
  })
})
