/**
 * Issue 15, opening hours: the demo stack runs with Monday-to-Friday hours in New York and its opening-hours
 * clock moved past Friday's closing time (`OPENING_HOURS_TEST_NOW`, the middleware's test clock; the visitor's
 * page gets the same instant). Even with an agent available, the visitor who asks for one reads when the
 * support team opens again, instead of the connect card or the generic "no agents" text.
 */
import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

const OFFICE_HOURS = JSON.stringify({
  timeZone: 'America/New_York',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']])),
})
/** Friday 4 December 2026, half an hour after closing time in New York. */
const AFTER_CLOSING = '2026-12-04T17:30:00-05:00'

describe('outside opening hours', () => {
  it('the visitor who asks for an agent reads when the team opens, and no chat reaches the console', async () => {
    const demo = await demos.start({ env: { OPENING_HOURS: OFFICE_HOURS, OPENING_HOURS_TEST_NOW: AFTER_CLOSING } })
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    // The visitor's own clock shows the same Friday evening, so "Monday" is the weekday after the weekend.
    await visitor.page.clock.setFixedTime(AFTER_CLOSING)

    const availability = await fetch(`${demo.stack.middlewareUrl}/agents/availability`)
    expect(await availability.json()).toEqual({
      agentsOnline: false,
      closed: { nextOpening: '2026-12-07T14:00:00.000Z', timeZone: 'America/New_York' },
    })

    await visitor.send('Can I talk to a person?')
    await visitor.expectText("We're closed now. We open Monday at 09:00 (EST).")
    expect(await visitor.page.locator('.cds-aichat--connect-to-human-agent__request-button').count()).toBe(0)
    expect(await visitor.countText('Sorry, no agent is available right now')).toBe(0)
    await demo.screenshot(visitor.page, 'visitor-closed')
    expect(await alice.offerAccept.count()).toBe(0)
  })
})
