/**
 * Issue 15, opening hours: outside them the visitor reads when the queue opens ("We're closed now. We open
 * Monday at 09:00 (EST).") instead of the generic "no agents" text, on every host shape: on the connect card
 * (`areAnyAgentsOnline` answers false and gives the card the sentence) and when `/auth` refuses with `closed`.
 */
import { AvailabilityReply, type ClosedInfo, ErrorReply } from '@flex-escalate/api'
import { CLOSED_ERROR } from '@flex-escalate/api/limits'
import { HttpResponse } from 'msw'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { connectMessage, silentLogger } from '../../test/harness.js'
import { carbonHost, type TestHost, v7Host, v8Host } from '../../test/hosts.js'
import { MIDDLEWARE, useFakeMiddleware } from '../../test/middleware.js'
import { createTwilioFlexServiceDesk } from '../index.js'

const middleware = useFakeMiddleware()
const hosts = [
  ['carbon', carbonHost],
  ['v8', v8Host],
  ['v7', v7Host],
] as const

/** Friday 4 December 2026, 17:30 in New York; the queue opens on Monday at 09:00 there. */
const FRIDAY_EVENING = new Date('2026-12-04T22:30:00Z')
const CLOSED: ClosedInfo = { nextOpening: '2026-12-07T14:00:00.000Z', timeZone: 'America/New_York' }
const SENTENCE = "We're closed now. We open Monday at 09:00 (EST)."

/** A desk from the public factory with the clock at `now`; its transports must never be needed. */
async function closedDesk(host: TestHost, now = FRIDAY_EVENING) {
  let loads = 0
  const loader = async () => {
    loads += 1
    throw new Error('Test bug: no transport is loaded while closed')
  }
  const factory = createTwilioFlexServiceDesk(
    { middlewareUrl: MIDDLEWARE, logger: silentLogger },
    { transports: { conversations: loader, 'programmable-chat': loader }, now: () => now },
  )
  const desk = await factory({ callback: host.callback, instance: host.instance })
  host.attach?.(desk)
  return { desk, loads: () => loads }
}

/** The connect card's item, from a copy of the test message (the desk writes into it, as into the host's). */
function freshConnectMessage() {
  const message = structuredClone(connectMessage)
  const item = message.output.generic[1] as Record<string, unknown>
  return { message, item }
}

function answerAuthClosed(closed: ClosedInfo): void {
  const body = { error: CLOSED_ERROR, message: 'Failed to start a chat: the support team is closed.', closed }
  if (!Value.Check(ErrorReply, body)) throw new Error("Test bug: the closed reply does not match the middleware's schema")
  middleware.answer('auth', () => HttpResponse.json(body, { status: 503 }))
}

describe.each(hosts)('closed, on the %s host', (_name, makeHost) => {
  it('areAnyAgentsOnline answers false and the connect card says when the queue opens', async () => {
    const reply = { agentsOnline: false, closed: CLOSED }
    expect(Value.Check(AvailabilityReply, reply)).toBe(true)
    middleware.answer('availability', () => HttpResponse.json(reply))
    const { desk, loads } = await closedDesk(makeHost())
    const { message, item } = freshConnectMessage()
    await expect(desk.areAnyAgentsOnline(message)).resolves.toBe(false)
    expect(item.agent_unavailable).toEqual({ message: SENTENCE })
    expect(middleware.of('availability')[0]?.query).toEqual({ topic: 'billing' })
    expect(loads()).toBe(0)
  })

  it('leaves the card alone while open, even with no agent online', async () => {
    middleware.availability({ agentsOnline: false })
    const { desk } = await closedDesk(makeHost())
    const { message, item } = freshConnectMessage()
    await expect(desk.areAnyAgentsOnline(message)).resolves.toBe(false)
    expect(item).not.toHaveProperty('agent_unavailable')
  })

  it('a start refused as closed shows the closed sentence as the connecting error, and rejects with it', async () => {
    answerAuthClosed(CLOSED)
    const host = makeHost()
    const { desk, loads } = await closedDesk(host)
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow(SENTENCE)
    expect(host.argsOf('setErrorStatus')).toEqual([[expect.objectContaining({ type: 1, messageToUser: SENTENCE })]])
    expect(host.names()).not.toContain('agentJoined')
    // Nothing was opened, so there is nothing to end on Flex and no transport was loaded.
    expect(middleware.of('end')).toHaveLength(0)
    expect(loads()).toBe(0)
  })

  it('says "tomorrow", or the date beyond six days, and falls back when no opening is known', async () => {
    answerAuthClosed({ nextOpening: '2026-12-05T14:00:00.000Z', timeZone: 'America/New_York' })
    const host = makeHost()
    const { desk } = await closedDesk(host)
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow("We're closed now. We open tomorrow at 09:00 (EST).")

    answerAuthClosed({ nextOpening: '2026-12-28T14:00:00.000Z', timeZone: 'America/New_York' })
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow("We're closed now. We open on December 28 at 09:00 (EST).")

    answerAuthClosed({ nextOpening: null, timeZone: 'America/New_York' })
    await expect(desk.startChat(connectMessage, {})).rejects.toThrow("We're closed now. Please try again later.")
  })
})
