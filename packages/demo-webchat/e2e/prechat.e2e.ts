/**
 * Issue 15, pre-chat: when the visitor asks for an agent, the demo asks two questions first (Carbon's
 * `human_agent:pre:startChat`, which Carbon awaits); the answers travel as `preStartChatPayload` through the
 * adapter and `/auth` into the task's `preChat` attribute, and the agent reads them in the hand-over card.
 * Cancelling the form connects nobody.
 */
import type { Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

const isAuth = (request: Request) => new URL(request.url()).pathname.endsWith('/auth') && request.method() === 'POST'

describe('pre-chat questions', () => {
  it("the visitor's answers reach the agent's hand-over card, and name the chat", async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await visitor.send('I was charged twice for my order')
    const auth = visitor.page.waitForRequest(isAuth)
    await visitor.requestAgent({ name: 'Ada Lovelace', orderNumber: 'A-1042' })
    expect((await auth).postDataJSON()).toMatchObject({ preChat: { name: 'Ada Lovelace', orderNumber: 'A-1042' } })
    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')

    const answers = alice.page.locator('[data-testid="chat-prechat-answer"]')
    await answers.first().waitFor()
    expect((await answers.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      'Name: Ada Lovelace',
      'Order number: A-1042',
    ])
    // The chat is told apart by the visitor's name, not "Website visitor".
    expect(await alice.page.locator('[data-testid="chat-tab"] .chat-list-name').textContent()).toBe('Ada Lovelace')
    await alice.expectText('Visitor on the page')
    await demo.screenshot(alice.page, 'agent-prechat-answers')
  })

  it('cancelling the form, by its button or by Escape, connects nobody', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    const authRequests: Request[] = []
    visitor.page.on('request', (request) => {
      if (isAuth(request)) authRequests.push(request)
    })
    await visitor.send('I was charged twice for my order')

    await visitor.openPreChat()
    await demo.screenshot(visitor.page, 'visitor-prechat-form')
    // The browser moved focus into the modal form: its first question.
    expect(await visitor.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('prechat-name')
    await visitor.page.locator('[data-testid=prechat-cancel]').click()
    await visitor.preChatDialog.waitFor({ state: 'hidden' })

    await visitor.openPreChat()
    await visitor.page.keyboard.press('Escape')
    await visitor.preChatDialog.waitFor({ state: 'hidden' })

    // Still with the assistant: it answers the next message (a live chat would send it to the desk instead).
    await visitor.send('How long does shipping take?')
    await visitor.expectText('Orders ship within 2 working days')
    expect(authRequests).toHaveLength(0)
    expect(await alice.offerAccept.count()).toBe(0)

    // Not a test that cannot fail: submitting the same form does escalate (from the assistant's new card).
    await visitor.send('Can I talk to a person?')
    await visitor.expectText('Of course. I will connect you with one of our agents.')
    await visitor.requestAgent()
    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
    expect(authRequests).toHaveLength(1)
    expect(authRequests[0]?.postDataJSON()).not.toHaveProperty('preChat')
  })
})
