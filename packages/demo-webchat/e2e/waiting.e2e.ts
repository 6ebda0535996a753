import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('before an agent answers', () => {
  it('with no agent online, the host shows the "no agents" text and offers no connection', async () => {
    const demo = await demos.start()
    const visitor = await demo.visitor()
    await visitor.send('Can I talk to a person?')
    await visitor.expectText('Sorry, no agent is available right now')
    expect(await visitor.page.locator('.cds-aichat--connect-to-human-agent__request-button').count()).toBe(0)
    await demo.screenshot(visitor.page, 'visitor-no-agents')
  })

  it('while waiting, the visitor sees the place in the queue, and the console lists the chat', async () => {
    const demo = await demos.start()
    // Alice is online but busy with an offer she does not answer yet: the chat waits in the queue.
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await visitor.send('I need a person please')
    await visitor.requestAgent()
    await visitor.expectText("You're number 1 in line.")
    await alice.offerAccept.waitFor()
    await demo.screenshot(visitor.page, 'visitor-queue-position')
    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
  })

  it('an offer nobody answers times out and goes to the next agent', async () => {
    const demo = await demos.start({ reservationTimeoutSeconds: 4 })
    const alice = await demo.agent('Alice')
    const bob = await demo.agent('Bob')
    const visitor = await demo.visitor()
    await visitor.send('I need a person please')
    await visitor.requestAgent()
    await alice.offerAccept.waitFor()
    await alice.expectText(/\d+ ?s/) // the countdown
    // Alice does not answer: after the timeout the offer leaves her console and reaches Bob's.
    await bob.offerAccept.waitFor({ timeout: 15_000 })
    await alice.offerAccept.waitFor({ state: 'hidden', timeout: 5_000 })
    await bob.acceptOffer()
    await visitor.expectText('Bob connected.')
    expect(await visitor.agentName()).toBe('Bob')
  })

  it('when no agent accepts before the workflow times out, the visitor is told, and can ask again', async () => {
    const demo = await demos.start({ env: { SANDBOX_WORKFLOW_TIMEOUT_SECONDS: '3' } })
    // Alice is online and offered the chat, but does not answer it (her offer lasts longer than the workflow).
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await visitor.send('I need a person please')
    await visitor.requestAgent()
    await alice.offerAccept.waitFor()
    await visitor.expectText("We couldn't reach an agent right now. Please try again later.")
    await alice.offerAccept.waitFor({ state: 'hidden', timeout: 5_000 })
    await demo.screenshot(visitor.page, 'visitor-no-agent-reached')
    expect(await visitor.countText('Alice connected.')).toBe(0)

    // Nothing is left over: the next request reaches Alice, who answers this time. `requestAgent` clicks the
    // last card: wait for the assistant's new one.
    const cards = visitor.page.locator('.cds-aichat--connect-to-human-agent__request-button')
    const before = await cards.count()
    await visitor.send('A person, please')
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(before + 1)
    await visitor.requestAgent()
    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
  })
})
