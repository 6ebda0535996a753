import { afterEach, describe, expect, it } from 'vitest'
import { DemoSession } from './demo-session.js'

let demo: DemoSession | undefined
afterEach(async () => {
  await demo?.stop()
  demo = undefined
})

describe('the visitor ends the chat', () => {
  it('the console sees the chat end and the task goes to wrap-up, then completes', async () => {
    demo = await DemoSession.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await visitor.send('The app shows an error when I log in')
    await visitor.requestAgent()
    await alice.acceptOffer()
    await visitor.expectText('Alice connected.')
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
