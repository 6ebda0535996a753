/**
 * Issue 15, accessibility: axe-core (a dev dependency, injected into the page) checks the agent console in
 * each of its states and the visitor's page with Carbon open, the pre-chat form, and a chat with an agent.
 * The console must have no serious or critical violation; the visitor's page none at all in the project's
 * own markup.
 */
import type { SerialContextObject } from 'axe-core'
import { describe, expect, it } from 'vitest'
import { axeViolations } from './axe.js'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

/**
 * The visitor's page without Carbon: `@carbon/ai-chat` renders its whole UI (launcher, window, messages)
 * inside the shadow root of its `cds-aichat-react` element. That markup is Carbon's, to be fixed upstream and
 * not here (axe reports `nested-interactive` on its AI label in 1.9.1), so it is left out; the shop page
 * around it and the demo's pre-chat form (a dialog of the page) are the project's own and are checked.
 */
const WITHOUT_CARBON: SerialContextObject = { include: ['body'], exclude: ['cds-aichat-react'] }

describe('accessibility (axe-core)', () => {
  it('the agent console has no serious or critical violation: sign-in, offers, an open chat, transfer', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    await demo.agent('Bob') // a transfer target, so the transfer control lists someone

    const browser = alice.page.context().browser()
    if (!browser) throw new Error('Failed to open the sign-in page: the agent page has no browser.')
    const signIn = await (await browser.newContext()).newPage()
    await signIn.goto(demo.stack.agentUrl)
    await signIn.locator('[data-testid="agent-name"]').waitFor()
    expect(await axeViolations(signIn), 'sign-in').toEqual([])

    const visitor = await demo.visitor()
    await visitor.send('I was charged twice for my order')
    await visitor.requestAgent({ name: 'Ada', orderNumber: 'A-1042' })
    await alice.offerAccept.waitFor()
    expect(await axeViolations(alice.page), 'offer').toEqual([])

    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
    await alice.send('Hello, this is Alice from billing.')
    await visitor.expectMessage('Hello, this is Alice from billing.')
    await visitor.send('My order number is A-1042')
    await alice.expectMessage('My order number is A-1042')
    // The agent's own name, time and "Read" on the agent's blue: what axe's color-contrast once flagged.
    await alice.expectReadReceipt()
    await alice.page.locator('[data-testid="transfer-target"] option', { hasText: 'Bob' }).first().waitFor({ state: 'attached' })
    expect(await axeViolations(alice.page), 'open chat').toEqual([])
  })

  it("the visitor's page has no violation of the project's own, with the pre-chat form and with an agent", async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    expect(await axeViolations(visitor.page, { context: WITHOUT_CARBON, minImpact: 'minor' }), 'Carbon open').toEqual([])

    await visitor.send('I was charged twice for my order')
    await visitor.openPreChat()
    expect(await axeViolations(visitor.page, { context: WITHOUT_CARBON, minImpact: 'minor' }), 'pre-chat form').toEqual([])
    await visitor.page.locator('[data-testid="prechat-submit"]').click()

    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
    await alice.send('Hello, this is Alice from billing.')
    await visitor.expectMessage('Hello, this is Alice from billing.')
    expect(await axeViolations(visitor.page, { context: WITHOUT_CARBON, minImpact: 'minor' }), 'chat with an agent').toEqual([])
  })
})
