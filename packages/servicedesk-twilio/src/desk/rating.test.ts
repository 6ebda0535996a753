/**
 * The post-chat rating (the `rating` option) on the three host shapes: asked inside the chat window when the
 * agent ends the chat, answered with the buttons (v8, Carbon) or by typing (all three), stored through
 * `POST /chats/rating`, and only then the host is told the chat ended.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { member } from '../../test/fake-transport.js'
import { AGENT, flush, type Harness, startedDesk } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { errorReply, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { en } from '../i18n/en.js'
import { RATING_EVENT, RATING_STEP_TIMEOUT_MS } from './rating.js'

const middleware = useFakeMiddleware()

interface Item {
  response_type: string
  text?: string
  label?: string
  custom_event_name?: string
  user_defined?: unknown
}

describe.each(hostKinds)('the post-chat rating, %s host', (kind, makeHost) => {
  let h: Harness
  let messageCount = 0

  /** Every item the desk sent the visitor, in order. */
  const items = (): Item[] =>
    h.host.argsOf('sendMessageToUser').flatMap(([message]) => (message as { output: { generic: Item[] } }).output.generic)
  const texts = () => items().flatMap((item) => (item.response_type === 'text' && item.text ? [item.text] : []))
  const buttons = () => items().filter((item) => item.response_type === 'button')
  const ended = () => h.host.names().includes('agentEndedChat')
  const ratings = () => middleware.of('rating').map((request) => request.body)

  /** The visitor types `text` and sends it, as the host calls the desk. */
  async function type(text: string) {
    messageCount += 1
    await h.desk.sendMessageToAgent({ input: { text } }, `m-${messageCount}`)
    await flush()
  }

  /** The visitor gives a score: a click on its button where the host renders buttons, typed on v7. */
  async function score(value: number) {
    const button = buttons().find((item) => item.label === String(value))
    if (h.host.clickButton && button) h.host.clickButton(button)
    else await type(String(value))
    await flush()
  }

  /** Clicks the newest Skip button. */
  async function skip() {
    const button = buttons()
      .filter((item) => item.label === en.ratingSkip)
      .at(-1)
    h.host.clickButton?.(button)
    await flush()
  }

  async function agentEnds() {
    h.transport.emit('memberJoined', member(AGENT, 'Ana Agent'))
    await flush()
    h.transport.emit('chatEnded')
    await flush()
  }

  beforeEach(async () => {
    h = await startedDesk(makeHost(), { rating: true })
  })
  afterEach(() => h.desk.endChat({}))

  it('asks for 1 to 5 before the host hears the end, then the comment, stores both, thanks, and ends', async () => {
    await agentEnds()
    expect(texts()).toEqual(['How was your chat with Ana Agent? Rate it from 1 (poor) to 5 (excellent).'])
    expect(ended()).toBe(false)
    expect(buttons().map((item) => item.label)).toEqual(kind === 'v7' ? [] : ['1', '2', '3', '4', '5', en.ratingSkip])
    if (kind !== 'v7') expect(buttons().every((item) => item.custom_event_name === RATING_EVENT)).toBe(true)
    // The survey's messages come from the agent who ended the chat.
    expect(h.host.argsOf('sendMessageToUser')[0]?.[1]).toBe(AGENT)

    await score(4)
    expect(texts().at(-1)).toBe(en.ratingCommentPrompt)
    expect(buttons().at(-1)?.label).toBe(kind === 'v7' ? undefined : en.ratingSkip)
    expect(ended()).toBe(false)

    const sentBefore = h.transport.sent.length
    await type('Quick and kind')
    expect(ratings()).toEqual([{ rating: 4, comment: 'Quick and kind' }])
    expect(middleware.of('rating')[0]?.authorization).toBe(`Bearer ${SESSION_TOKEN}`)
    // The comment is an answer to the survey: it never goes to the closed Flex chat.
    expect(h.transport.sent).toHaveLength(sentBefore)
    expect(texts().at(-1)).toBe(en.ratingThanks)
    const names = h.host.names()
    expect(names.lastIndexOf('agentEndedChat')).toBeGreaterThan(names.lastIndexOf('sendMessageToUser'))
  })

  it('a comment typed before the score is kept, and stored with it', async () => {
    await agentEnds()
    await type('The agent was great')
    expect(ratings()).toEqual([])
    await score(5)
    expect(ratings()).toEqual([{ rating: 5, comment: 'The agent was great' }])
    expect(ended()).toBe(true)
  })

  it('a failing rating post does not hold the end: the visitor is told politely', async () => {
    middleware.answer('rating', () => errorReply(502, 'Bad Gateway', 'Failed to store the rating on the chat task: Twilio answered 503'))
    await agentEnds()
    await score(2)
    await type('Slow')
    expect(texts().at(-1)).toBe(en.ratingFailed)
    expect(ended()).toBe(true)
  })

  it('without an answer, the chat ends after the wait, with nothing stored', async () => {
    vi.useFakeTimers()
    await agentEnds()
    await vi.advanceTimersByTimeAsync(RATING_STEP_TIMEOUT_MS - 1)
    expect(ended()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(ended()).toBe(true)
    expect(ratings()).toEqual([])
  })

  it('a score with no comment is stored when the comment wait elapses', async () => {
    vi.useFakeTimers()
    await agentEnds()
    await score(3)
    await vi.advanceTimersByTimeAsync(RATING_STEP_TIMEOUT_MS)
    expect(ratings()).toEqual([{ rating: 3 }])
    expect(ended()).toBe(true)
  })

  it('the visitor ending the chat after the score still stores it', async () => {
    await agentEnds()
    await score(1)
    await h.desk.endChat(h.host.endedByAgentInfo)
    expect(ratings()).toEqual([{ rating: 1 }])
  })

  it('is not asked when no agent ever joined', async () => {
    h.transport.emit('chatEnded')
    await flush()
    expect(texts()).toEqual([])
    expect(ended()).toBe(true)
  })

  if (kind !== 'v7') {
    it('Skip at the score ends the chat at once, with nothing stored', async () => {
      await agentEnds()
      await skip()
      expect(ratings()).toEqual([])
      expect(ended()).toBe(true)
    })

    it('Skip at the comment stores the score alone; clicks on old buttons change nothing', async () => {
      await agentEnds()
      await score(4)
      await skip()
      expect(ratings()).toEqual([{ rating: 4 }])
      expect(ended()).toBe(true)
      h.host.clickButton?.(buttons()[0])
      await flush()
      expect(ratings()).toHaveLength(1)
    })

    it('ignores custom events of other buttons', async () => {
      await agentEnds()
      h.host.clickButton?.({ response_type: 'button', custom_event_name: 'shop:add-to-cart', user_defined: { rating: 5 } })
      await flush()
      expect(texts()).toHaveLength(1)
      expect(ratings()).toEqual([])
    })
  }
})

describe.each(hostKinds)('without the rating option, %s host', (_kind, makeHost) => {
  it('the agent ending the chat ends it at once, as before', async () => {
    const h = await startedDesk(makeHost())
    h.transport.emit('memberJoined', member(AGENT, 'Ana Agent'))
    await flush()
    h.transport.emit('chatEnded')
    await flush()
    expect(h.host.names()).toContain('agentEndedChat')
    expect(h.host.names()).not.toContain('sendMessageToUser')
    await h.desk.endChat({})
  })
})
