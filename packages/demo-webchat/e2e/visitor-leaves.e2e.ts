/**
 * Issue 12, "the visitor leaves": a visitor who closes the tab while queued is noticed (the `pagehide`
 * beacon, then no page back within the grace) and the chat is ended, so it leaves the console's queue and no
 * agent is offered it; a reload is not a departure. The stack runs with short presence timings so that each
 * test takes seconds; every wait is on something that happens (a request of the page, the console's state),
 * never a fixed sleep.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { AgentPage } from './agent-page.js'
import { type DemoSession, demoPerTest } from './demo-session.js'
import type { VisitorPage } from './visitor-page.js'

const demos = demoPerTest()

/** Seconds: a page is gone 4 s after its `leaving` beacon, or 12 s after its last heartbeat (one every 4 s). */
const PRESENCE = { VISITOR_PRESENCE_TIMEOUT_SECONDS: '12', VISITOR_LEAVING_GRACE_SECONDS: '4', VISITOR_IDLE_END_SECONDS: '60' }
const start = (env: Record<string, string> = {}) => demos.start({ env: { ...PRESENCE, ...env } })

/** A presence request the page sends (`here` heartbeat or `leaving` beacon). */
const presenceRequest = (page: Page, state: 'here' | 'leaving', timeout = 20_000) =>
  page.waitForRequest(
    (request) =>
      request.url().endsWith('/chats/presence') && request.method() === 'POST' && request.postData()?.includes(`"${state}"`) === true,
    { timeout },
  )

/**
 * The visitor asks for an agent and waits in the queue: Alice is online (so the host offers the connection)
 * but turns the offer down, so the chat stays in her queue view. Resolves once the page sent its first
 * heartbeat and the queue shows the chat.
 */
async function queued(demo: DemoSession): Promise<{ alice: AgentPage; visitor: VisitorPage; taskSid: string }> {
  const alice = await demo.agent('Alice')
  const visitor = await demo.visitor()
  await visitor.send('I need a person please')
  const heartbeat = presenceRequest(visitor.page, 'here')
  await visitor.requestAgent()
  await heartbeat
  await alice.offerAccept.waitFor()
  await alice.rejectOffer()
  await alice.queueRows.first().waitFor()
  const taskSid = await alice.queueRows.first().getAttribute('data-task-sid')
  if (!taskSid) throw new Error('Failed to read the waiting chat in the console: its row has no data-task-sid.')
  return { alice, visitor, taskSid }
}

describe('the visitor leaves while queued', () => {
  it('closing the tab ends the chat: it leaves the queue, and no agent is offered it', async () => {
    // A page not heard from for 60 s is gone: only the beacon can end the chat within the 20 s waited below.
    const demo = await start({ VISITOR_PRESENCE_TIMEOUT_SECONDS: '60' })
    const { alice, visitor } = await queued(demo)
    await visitor.page.close({ runBeforeUnload: true })

    // The beacon's grace runs out, the middleware ends the chat, the console's queue empties.
    await alice.queueRows.first().waitFor({ state: 'detached', timeout: 20_000 })
    await alice.expectText('No chats waiting.')
    expect(demo.stack.output()).toContain('visitor left while waiting for an agent: chat ended')
    await demo.screenshot(alice.page, 'agent-visitor-left-queue')

    // An agent who signs in afterwards is offered nothing: the first state Bob gets has no chat to offer.
    const bob = await demo.agent('Bob')
    await bob.expectText('No chats waiting.')
    expect(await bob.offerAccept.count()).toBe(0)
    expect(await alice.offerAccept.count()).toBe(0)
  })

  it('a reload is not a departure: the chat keeps its place, and asking again takes it back', async () => {
    const demo = await start()
    const { alice, visitor, taskSid } = await queued(demo)

    // The old page sends its leaving beacon (which Playwright does not report, the page being gone); the new
    // page beats for the waiting chat at once, although the host shows the "connect to agent" card again.
    const firstOfNewPage = presenceRequest(visitor.page, 'here', 30_000)
    await visitor.page.reload()
    await firstOfNewPage
    // Two more heartbeats of the new page: the old page's grace (4 s) ran out well before the second, and the
    // middleware swept every second meanwhile.
    await presenceRequest(visitor.page, 'here')
    await presenceRequest(visitor.page, 'here')
    expect(await alice.queueRows.count()).toBe(1)
    expect(await alice.queueRows.first().getAttribute('data-task-sid')).toBe(taskSid)
    expect(demo.stack.output()).not.toContain('visitor left')

    // Asking again takes the same chat back: still one waiting chat, the same task, first in line.
    await visitor.input.waitFor({ timeout: 30_000 })
    await visitor.requestAgent()
    await visitor.expectText("You're number 1 in line.")
    expect(await alice.queueRows.count()).toBe(1)
    expect(await alice.queueRows.first().getAttribute('data-task-sid')).toBe(taskSid)
    await alice.page.locator(`[data-testid="queue-row"][data-task-sid="${taskSid}"] [data-testid="queue-pick"]`).click()
    await visitor.expectText('Alice connected.')
  })
})

describe('the visitor leaves while talking to an agent', () => {
  it('the agent is told in the chat and the console marks the chat, with the time until it ends', async () => {
    const demo = await start({ VISITOR_PRESENCE_TIMEOUT_SECONDS: '60' })
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice)
    await visitor.page.close({ runBeforeUnload: true })
    await alice.page.locator('[data-testid="visitor-away"]').waitFor({ timeout: 20_000 })
    await alice.page
      .locator('[data-testid="chat-notice"]')
      .filter({ hasText: 'The visitor left the page. The chat ends in 60 seconds unless they come back.' })
      .waitFor()
    expect(await alice.page.locator('[data-testid="visitor-away"]').textContent()).toMatch(
      /The chat ends in (\d+ min )?\d+ s unless they come back/,
    )
    await alice.expectText('Visitor left')
    await demo.screenshot(alice.page, 'agent-visitor-left-chat')
  })
})
