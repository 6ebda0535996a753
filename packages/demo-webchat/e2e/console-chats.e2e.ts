/**
 * Issue 15, the console as agents want it: with two chats at once, each is named (the pre-chat name, or a
 * short label from the chat's SID, not "Website visitor" twice), shows the visitor's presence, and a chat
 * not in view gets an unread mark in words when its visitor writes, cleared when the agent opens it.
 */
import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

describe('the chat list', () => {
  it('tells chats apart, marks the one not in view unread until it is opened, and shows presence', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice') // two chats at once: the sandbox's default capacity
    const anonymous = await demo.visitor()
    await demo.escalate(anonymous, alice)
    const grace = await demo.visitor()
    await grace.send('I was charged twice')
    await grace.requestAgent({ name: 'Grace' })
    await alice.acceptOffer()
    await grace.expectText('Alice connected.')

    const tabs = alice.page.locator('[data-testid="chat-tab"]')
    await expect.poll(() => tabs.count()).toBe(2)
    const first = tabs.first()
    const sid = (await first.getAttribute('data-chat-sid')) ?? ''
    expect(sid).toMatch(/^CH[0-9a-f]{32}$/)
    expect(await tabs.locator('.chat-list-name').allTextContents()).toEqual([`Visitor ${sid.slice(-4).toUpperCase()}`, 'Grace'])
    // Grace's chat arrived last, so it is the one in view.
    expect(await tabs.nth(1).getAttribute('aria-current')).toBe('true')
    expect(await tabs.locator('[data-testid="chat-presence"]').allTextContents()).toEqual(['Visitor on the page', 'Visitor on the page'])

    await anonymous.send('Are you still there?')
    await first.locator('[data-testid="chat-unread"]').waitFor()
    expect(await first.locator('[data-testid="chat-unread"]').textContent()).toBe('1 new message')
    await anonymous.send('Hello?')
    await first.locator('[data-testid="chat-unread"]', { hasText: '2 new messages' }).waitFor()
    // The mark is part of the button's accessible name, not a colour alone.
    expect(await first.getAttribute('aria-current')).toBeNull()
    await demo.screenshot(alice.page, 'agent-chat-list-unread')

    await first.click()
    await alice.expectMessage('Hello?')
    expect(await first.getAttribute('aria-current')).toBe('true')
    expect(await alice.page.locator('[data-testid="chat-unread"]').count()).toBe(0)
    // Opening the other chat again does not bring the mark back: those messages were seen.
    await tabs.nth(1).click()
    expect(await alice.page.locator('[data-testid="chat-unread"]').count()).toBe(0)
  })
})
