import { describe, expect, it } from 'vitest'
import type { AgentPage } from './agent-page.js'
import { type DemoSession, demoPerTest } from './demo-session.js'
import type { VisitorPage } from './visitor-page.js'

const demos = demoPerTest()

/** What the adapter tells the visitor when the service lost the chat (servicedesk-twilio, live-chat.ts). */
const RESTARTED = 'The chat ended because the support service restarted. You can ask for an agent again.'
/** Carbon's line for a lost connection (its `agent_disconnected`), shown while the middleware is down. */
const CONNECTION_LOST = /your connection to the live agent was lost/
const AGENT_BANNER_BUTTON = '.cds-aichat--human-agent-banner__button'
const REQUEST_BUTTON = '.cds-aichat--connect-to-human-agent__request-button'
/** Carbon's `agent_assistantReturned`, after the end of a chat with an agent. */
const ASSISTANT_BACK = 'Can I help you with anything else?'

/** A visitor talking with Alice, as before every restart below. */
async function chatting(demo: DemoSession): Promise<{ alice: AgentPage; visitor: VisitorPage }> {
  const alice = await demo.agent('Alice')
  const visitor = await demo.visitor()
  await demo.escalate(visitor, alice, 'I was charged twice')
  await alice.send('Hello from Alice')
  await visitor.expectMessage('Hello from Alice')
  return { alice, visitor }
}

/**
 * The same page asks again, without a reload, and reaches Alice. First her console has to be back on the new
 * process and Available (it says so once it is): a request made before would only wait in the queue. And
 * Carbon has to have said its "Can I help you with anything else?", which it adds 1.5 s after an agent chat
 * ends: a "Connect to agent" card that came before it is no longer the latest answer, and Carbon greys it out.
 */
async function askAgainAndReach(alice: AgentPage, visitor: VisitorPage): Promise<void> {
  await visitor.expectText(ASSISTANT_BACK)
  await alice.expectText('The sandbox restarted', 30_000)
  await expect.poll(() => alice.page.locator('[data-testid="agent-availability"]').inputValue(), { timeout: 15_000 }).toBe('Available')
  // `requestAgent` clicks the last card: wait for the assistant's new one, or it would find the old one (disabled).
  const cards = visitor.page.locator(REQUEST_BUTTON)
  const before = await cards.count()
  await visitor.send('I was charged twice, again')
  await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(before + 1)
  await visitor.requestAgent()
  await alice.acceptOffer(30_000)
  await visitor.expectText('Alice connected.', 30_000)
  await alice.send('Back again')
  await visitor.expectMessage('Back again')
  await visitor.send('Thanks, it works')
  await alice.expectMessage('Thanks, it works')
}

describe('the middleware restarts mid-chat', () => {
  it.each([
    ['with the same session secret (the sandbox no longer knows the chat: 4404)', false],
    ['with a new session secret (the session token is refused: 401)', true],
  ])('%s: a clean end the visitor understands, and a new request reaches an agent without a reload', async (_label, newSecret) => {
    const demo = await demos.start()
    const { alice, visitor } = await chatting(demo)

    await demo.stack.restartMiddleware({ newSecret })
    await visitor.expectText(RESTARTED, 30_000)
    await demo.screenshot(visitor.page, `visitor-service-restarted${newSecret ? '-new-secret' : ''}`)
    // Not the agent's doing, and over: no "Alice ended the chat.", no agent banner, no "connection lost" left
    // standing as the last word.
    expect(await visitor.countText('Alice ended the chat.')).toBe(0)
    await visitor.page.locator(AGENT_BANNER_BUTTON).waitFor({ state: 'hidden', timeout: 10_000 })

    await askAgainAndReach(alice, visitor)
  })

  it('the visitor presses "Disconnect" while it is down: the next "Connect to agent" reaches an agent without a reload', async () => {
    const demo = await demos.start()
    const { alice, visitor } = await chatting(demo)

    await demo.stack.restartMiddleware({
      newSecret: true,
      whileDown: async () => {
        await visitor.expectText(CONNECTION_LOST, 15_000)
        await visitor.endChat()
        await visitor.page.locator(AGENT_BANNER_BUTTON).waitFor({ state: 'hidden', timeout: 15_000 })
      },
    })

    await askAgainAndReach(alice, visitor)
    expect(await visitor.countText(RESTARTED)).toBe(0)
  })
})
