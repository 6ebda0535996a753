import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('the post-chat rating', () => {
  it('the agent ends the chat, the visitor rates 4 with a comment, and the wrap-up shows both', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'I was charged twice for my order')

    await alice.end()
    await visitor.expectText('How was your chat with Alice?')
    await demo.screenshot(visitor.page, 'visitor-rating')
    await visitor.chooseRating('4')
    await visitor.expectText('Anything you would like to add?')
    await visitor.send('Quick and kind, thank you')
    await visitor.expectText('Thank you for your feedback.')
    // Only then the host hears the end.
    await visitor.expectText('Alice ended the chat.')

    await alice.expectText('The chat has ended')
    await expect.poll(() => alice.page.getByTestId('chat-rating-score').textContent(), { timeout: 15_000 }).toContain('4/5')
    expect(await alice.page.getByTestId('chat-rating-comment').textContent()).toBe('Quick and kind, thank you')
    await demo.screenshot(alice.page, 'agent-wrapup-rating')
    await alice.completeWrapUp()
    await expect.poll(() => alice.chatCount(), { timeout: 10_000 }).toBe(0)
  })
})
