import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

/** What the console says once it is back from a restart that took the chats it held (src/agent/connection/outage.ts). */
const RESTARTED = 'The sandbox restarted: the chats that were open have ended.'

describe('the middleware restarts while an agent holds a chat', () => {
  it('the console says it is reconnecting, then that the chats ended, with no stale banner and the agent Available again', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'I was charged twice')
    await alice.send('Hello from Alice')
    await visitor.expectMessage('Hello from Alice')
    expect(await alice.chatCount()).toBe(1)

    const page = alice.page
    const connectionBanner = page.locator('[data-testid="connection-banner"]')
    const errorBanner = page.locator('[data-testid="console-error"]')
    const notice = page.locator('[data-testid="console-notice"]')

    await demo.stack.restartMiddleware({
      whileDown: async () => {
        // The hub closed the socket (4000) on its way down; nothing answers until the new process listens.
        await connectionBanner.filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 15_000 })
        // A send while it is down is refused at once: the "not connected" error of the report.
        await alice.send('Written while the middleware is down')
        await errorBanner.filter({ hasText: /not connected/ }).waitFor({ timeout: 10_000 })
        await demo.screenshot(page, 'agent-middleware-down')
      },
    })

    // Back: the restart is told in words; the banner and the stale error went in the same render.
    await notice.filter({ hasText: RESTARTED }).waitFor({ timeout: 30_000 })
    await demo.screenshot(page, 'agent-sandbox-restarted')
    expect(await connectionBanner.count()).toBe(0)
    expect(await errorBanner.count()).toBe(0)
    expect(await alice.chatCount()).toBe(0)
    // The new sandbox signed Alice in Offline; the console set her Available again, as she had chosen.
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('[data-testid="agent-availability"]')?.value === 'Available',
      undefined,
      { timeout: 10_000 },
    )

    // The notice stays until dismissed.
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await notice.waitFor({ state: 'detached', timeout: 5_000 })

    // The console works: a new visitor reaches Alice without a reload of her page.
    const next = await demo.visitor()
    await demo.escalate(next, alice, 'I was charged twice, again')
    await alice.send('Back again')
    await next.expectMessage('Back again')
  })
})
