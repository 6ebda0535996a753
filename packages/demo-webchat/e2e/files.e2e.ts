import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('files', () => {
  it('the visitor sends a file the agent can open; a file over the limit is refused with the reason', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'I was charged twice')

    await visitor.attach({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order 4242 receipt') })
    await visitor.input.click()
    await visitor.page.keyboard.press('Enter')
    const link = alice.page.locator('[data-testid="chat-message"] a', { hasText: 'receipt.txt' })
    await link.waitFor({ timeout: 20_000 })
    const href = (await link.getAttribute('href')) ?? ''
    expect(href.startsWith('data:text/plain')).toBe(true)
    expect(Buffer.from(href.split(',')[1] ?? '', 'base64').toString()).toBe('order 4242 receipt')
    await demo.screenshot(alice.page, 'agent-received-file')

    // Carbon keeps a refused file in its tray with the desk's reason (and no Send until it is removed).
    await visitor.attach({ name: 'too-big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1_200_000, 'x') })
    await visitor.expectText('This file is too large (1.2 MB). The limit is 1 MB.')
    // Nothing of it reaches the agent. The visitor's messages arrive in order, so once a message sent after
    // the refusal is on the agent's screen, anything sent for the refused file would be there too.
    await visitor.page.getByRole('button', { name: 'Remove file' }).first().click()
    await visitor.send('Sent after the refused file')
    await alice.expectMessage('Sent after the refused file')
    expect(await alice.countMessages('too-big.txt')).toBe(0)
  })
})
