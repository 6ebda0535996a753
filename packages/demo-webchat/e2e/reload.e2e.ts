import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('a page reload mid-chat', () => {
  it('resumes the same chat: nothing lost, nothing doubled, both ways', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'I was charged twice')
    await alice.send('First answer from Alice')
    await visitor.expectMessage('First answer from Alice')
    await visitor.send('Question before reload')
    await alice.expectMessage('Question before reload')

    // The agent writes while the visitor's page is reloading.
    await Promise.all([visitor.page.reload(), alice.send('Written during the reload')])
    await visitor.input.waitFor({ timeout: 30_000 })
    await visitor.expectMessage('Written during the reload')
    expect(await visitor.agentName()).toBe('Alice')

    // The chat goes on in both directions.
    await visitor.send('After the reload')
    await alice.expectMessage('After the reload')
    await alice.send('Still here')
    await visitor.expectMessage('Still here')
    // A duplicate would be the resumed page showing a message twice (its history and the live stream
    // overlapping). Both come in order, so once a message written after the reload is on each screen,
    // any duplicate of an earlier one is there too: count now rather than wait and hope.
    for (const text of [
      'First answer from Alice',
      'Question before reload',
      'Written during the reload',
      'After the reload',
      'Still here',
    ]) {
      expect(await visitor.countMessages(text), text).toBe(1)
    }
    expect(await alice.countMessages('Question before reload')).toBe(1)
    expect(await alice.countMessages('After the reload')).toBe(1)
    await demo.screenshot(visitor.page, 'visitor-after-reload')
  })
})
