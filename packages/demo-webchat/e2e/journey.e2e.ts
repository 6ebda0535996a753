import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('a visitor escalates and talks with agents', () => {
  it('escalate → accept → messages, typing and read receipts both ways → transfer → the agent ends', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const bob = await demo.agent('Bob') // signed in after Alice: Alice is the longest idle, so she gets the offer
    const visitor = await demo.visitor({ debug: true })
    const hostCalls: string[] = []
    visitor.page.on('console', (message) => hostCalls.push(message.text()))

    await visitor.send('I was charged twice for my order')
    await visitor.expectText('Billing questions are best handled by our billing team')
    const clicked = Date.now()
    await visitor.requestAgent()
    await alice.offerAccept.waitFor({ timeout: 20_000 })
    const offered = Date.now()
    await demo.screenshot(alice.page, 'agent-offer')
    await alice.acceptOffer()
    const accepted = Date.now()
    await visitor.expectText('Alice connected.')
    const joined = Date.now()
    expect(await visitor.agentName()).toBe('Alice')
    // Issue 6 reads these: connect → offer shown, and accept → visitor sees the agent.
    writeFileSync(
      resolve(ARTIFACTS, 'escalation-times.json'),
      JSON.stringify({ connectToOfferMs: offered - clicked, acceptToJoinedMs: joined - accepted }),
    )

    // The agent sees why the visitor came, before any message.
    await alice.expectText('The visitor wrote: "I was charged twice for my order"')
    await alice.expectText('Billing')

    // Messages both ways.
    await alice.send('Hello, this is Alice from billing.')
    await visitor.expectMessage('Hello, this is Alice from billing.')
    await visitor.send('My order number is 4242')
    await alice.expectMessage('My order number is 4242')

    // Typing both ways.
    await visitor.typeWithoutSending('one more')
    await alice.expectVisitorTyping()
    await visitor.page.keyboard.press('Enter')
    await alice.expectMessage('one more')
    await alice.typeWithoutSending('Checking that')
    await visitor.expectAgentTyping()
    await alice.sendTyped()
    await visitor.expectMessage('Checking that')
    await visitor.expectAgentNotTyping()

    // Read receipts: the console marks Alice's message read once the visitor's window shows it, and the
    // visitor's host hears agentReadMessages once Alice's console shows the visitor's messages.
    await alice.expectReadReceipt()
    await expect.poll(() => hostCalls.some((line) => line.includes('agentReadMessages')), { timeout: 15_000 }).toBe(true)
    await demo.screenshot(visitor.page, 'visitor-with-agent')
    await demo.screenshot(alice.page, 'agent-chat')

    // Transfer to Bob: the visitor sees the transfer and Bob's name, and nobody "disconnected".
    await alice.transferTo('Bob')
    await bob.acceptOffer()
    await visitor.expectText("You're being transferred.")
    await visitor.expectText('Bob connected.')
    await expect.poll(() => visitor.agentName(), { timeout: 15_000 }).toBe('Bob')
    await bob.expectText('The visitor wrote: "I was charged twice for my order"')
    await bob.send('Bob here, I have your refund.')
    await visitor.expectMessage('Bob here, I have your refund.')
    expect(await visitor.countText('disconnected.')).toBe(0)
    await demo.screenshot(visitor.page, 'visitor-after-transfer')

    // Bob ends the chat: the visitor is asked to rate it (the demo's `rating` option), skips, and sees the end.
    await bob.end()
    await visitor.expectText('How was your chat with Bob?')
    await visitor.chooseRating('Skip')
    await visitor.expectText('Bob ended the chat.')
    await demo.screenshot(visitor.page, 'visitor-agent-ended')
  })
})
