/**
 * Issue 12, "bursts lose nothing": the sandbox hub takes 20 frames a second per socket (bursts of 40) and
 * refuses the rest as `rate-limited`. The adapter paces what each side sends under that limit, one message
 * at a time and in order, and sends a refusal again, so a burst arrives whole, once, in order, and no
 * visitor bubble is marked failed.
 *
 * Carbon takes about ten messages a second from a visitor here, under the hub's limit; what makes a burst
 * is a backlog. So the visitor types 100 messages as fast as the page allows, the first 60 while the
 * uplink stalls: whatever the browser sent meanwhile then reaches the hub at once. Before the adapter
 * paced its sends, that was all 60 messages, more than the hub's burst, and it refused the rest.
 */
import { describe, expect, it } from 'vitest'
import type { AgentPage } from './agent-page.js'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

/** `Visitor burst 001` …: numbered, so that order, gaps and repeats all show in one comparison. */
const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${String(i + 1).padStart(3, '0')}`)

/**
 * What the agent's open chat shows of `sent`, once its last message is there (or the wait gave up: then the
 * comparison says what is missing, rather than a timeout).
 */
async function shownToAgent(agent: AgentPage, sent: readonly string[], prefix: string): Promise<string[]> {
  await agent.expectMessage(sent.at(-1) ?? '', 30_000).catch(() => undefined)
  return (await agent.visitorMessages()).filter((body) => body.startsWith(prefix))
}

describe('bursts lose nothing', () => {
  it('100 visitor messages sent as fast as the page allows, 60 while the uplink stalls: the agent gets each once, in order, none failed', async () => {
    const demo = await demos.start()
    const agent = await demo.agent('Ada')
    const visitor = await demo.visitor()
    const uplink = await visitor.routeSandboxSocket()
    await demo.escalate(visitor, agent)

    const sent = numbered('Visitor burst', 100)
    uplink.hold()
    await visitor.sendAtOnce(sent.slice(0, 60))
    uplink.release()
    await visitor.sendAtOnce(sent.slice(60))

    expect(await shownToAgent(agent, sent, 'Visitor burst')).toEqual(sent)
    await expect.poll(() => visitor.countMessages('Visitor burst'), { timeout: 20_000 }).toBe(sent.length)
    expect(await visitor.failedCount()).toBe(0)
    expect(await agent.errorBanner()).toBeUndefined()
  })

  it('while the visitor bursts, the agent answers as fast as the console allows: both sides get everything, in order', async () => {
    const demo = await demos.start()
    const agent = await demo.agent('Ada')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, agent)

    const fromVisitor = numbered('Visitor burst', 100)
    const fromAgent = numbered('Agent burst', 40)
    // The console's socket carries a read receipt for each visitor message too. Each agent send waits for
    // the composer to empty, the console's own pace; a refused send throws.
    const agentSends = (async () => {
      for (const text of fromAgent) await agent.sendAtOnce(text)
    })()
    await visitor.sendAtOnce(fromVisitor)
    await agentSends

    expect(await shownToAgent(agent, fromVisitor, 'Visitor burst')).toEqual(fromVisitor)
    await visitor.expectMessage(fromAgent.at(-1) ?? '', 30_000)
    const shown = (await visitor.bubbleTexts()).flatMap((bubble) => bubble.match(/Agent burst \d{3}/g) ?? [])
    expect(shown).toEqual(fromAgent)
    expect(await visitor.failedCount()).toBe(0)
    expect(await agent.errorBanner()).toBeUndefined()
  })
})
