import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('the visitor ends the chat', () => {
  it('the console sees the chat end and the task goes to wrap-up, then completes', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'The app shows an error when I log in')
    await alice.expectText('Technical support')

    await visitor.endChat()
    await alice.expectText('The chat has ended')
    await alice.expectText('Wrap-up')
    await demo.screenshot(alice.page, 'agent-visitor-ended')
    // The middleware closed the task: Alice's capacity is freed once she completes the wrap-up.
    await alice.completeWrapUp()
    await expect.poll(() => alice.chatCount(), { timeout: 10_000 }).toBe(0)
  })
})
