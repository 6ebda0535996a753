import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AgentPage } from './agent-page.js'
import { ARTIFACTS, DemoSession } from './demo-session.js'

/**
 * Escalation time in the browser, on the sandbox: the visitor clicks "connect" → the agent's console shows
 * the offer, and the agent accepts → the visitor sees the agent. `ESCALATION_RUNS` runs (default 5) in one
 * demo session, each with a new visitor; the agent ends and completes each chat so the next one is offered
 * to the same console. Writes the times to `ESCALATION_TIMES_FILE` (default test-results/e2e/escalation-bench.json).
 * Timings only: no goal is asserted here (goals are the bench report's job).
 */
const RUNS = Number(process.env.ESCALATION_RUNS ?? 5)
const OUTPUT = process.env.ESCALATION_TIMES_FILE ?? resolve(ARTIFACTS, 'escalation-bench.json')

let demo: DemoSession
let agent: AgentPage

beforeAll(async () => {
  demo = await DemoSession.start()
  agent = await demo.agent('Alice')
})

afterAll(async () => {
  await demo?.stop()
})

it(`times ${RUNS} escalations: connect → offer shown, accept → visitor sees the agent`, async () => {
  const runs: { connectToOfferMs: number; acceptToJoinedMs: number }[] = []
  for (let run = 1; run <= RUNS; run++) {
    const visitor = await demo.visitor()
    await visitor.send('I was charged twice for my order')
    const connect = visitor.page.locator('.cds-aichat--connect-to-human-agent__request-button').last()
    await connect.waitFor({ state: 'visible', timeout: 20_000 })

    // The demo asks its pre-chat questions first; the clock starts when the visitor submits them.
    await connect.click()
    await visitor.preChatDialog.waitFor({ state: 'visible' })
    const clicked = performance.now()
    await visitor.page.locator('[data-testid=prechat-submit]').click()
    await agent.offerAccept.waitFor({ state: 'visible', timeout: 20_000 })
    const offered = performance.now()

    await agent.acceptOffer()
    const accepted = performance.now()
    await visitor.expectText(`${agent.name} connected.`)
    const joined = performance.now()
    runs.push({ connectToOfferMs: offered - clicked, acceptToJoinedMs: joined - accepted })

    // Free Alice's capacity for the next run: end the chat, finish wrap-up, close the visitor's window.
    await agent.end()
    await agent.completeWrapUp()
    await expect.poll(() => agent.chatCount(), { timeout: 15_000 }).toBe(0)
    await visitor.page.context().close()
  }
  mkdirSync(dirname(OUTPUT), { recursive: true })
  writeFileSync(OUTPUT, JSON.stringify({ runs }, null, 2))
})
