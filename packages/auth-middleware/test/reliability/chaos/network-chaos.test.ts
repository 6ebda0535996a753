/**
 * Network chaos: 20 sandbox chats exchange 1,000 messages each way while the visitors' TCP connections are
 * cut at random. Visitors are the adapter's real sandbox transport (it reconnects with the same token; the
 * inbox catches up with `history` as the desk does); agents use `/sandbox/agent`. Every message must
 * arrive exactly once and in order per sender, on both sides.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHarness } from '../../sandbox/sandbox-harness.js'
import { recordFigures } from '../figures.js'
import { createAdapterTransport, openedSockets, type AdapterTransport } from './adapter.js'
import { LeanAgent } from './agent-client.js'
import { audit, InOrderInbox } from './in-order-inbox.js'

const CHATS = 20
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000)
const AGENTS = CHATS / 2 // default chat capacity: 2

let h: SandboxHarness | undefined
const transports: AdapterTransport[] = []
const agents: LeanAgent[] = []

afterAll(async () => {
  for (const transport of transports) await transport.shutdown().catch(() => undefined)
  for (const agent of agents) agent.close()
  await h?.close()
})

/** Every message the sandbox holds for the chat (the agent's side), paging as `history` does. */
function storedBodies(harness: SandboxHarness, chatSid: string): string[] {
  const bodies: string[] = []
  for (let after = -1; ; ) {
    const page = harness.gateway.chats.messagesAfter(chatSid, after)
    if (page.length === 0) return bodies
    bodies.push(...page.map((message) => message.body))
    after = page.at(-1)!.index
  }
}

describe('network chaos in the sandbox', () => {
  it(`${CHATS} chats × ${MESSAGES} messages each way, visitor connections cut at random: exactly once, in order`, async () => {
    h = await startSandbox({ gateway: { maxMessagesPerChat: 3 * MESSAGES }, hub: { framesPerSecond: 100_000, framesBurst: 100_000, stateMessagesPerChat: 3, stateDebounceMs: 250, maxSocketsPerChat: 20 } })
    const wsBase = h.base.replace('http', 'ws')
    for (let i = 0; i < AGENTS; i++) agents.push(await LeanAgent.signIn(`${wsBase}/sandbox/agent`, `Agent ${i}`))

    // Escalate and connect every visitor, then let each agent accept its offers.
    const chats = await Promise.all(
      Array.from({ length: CHATS }, async (_, c) => {
        const auth = await h!.escalate({ visitorName: `Visitor ${c}` })
        const transport = await createAdapterTransport()
        transports.push(transport)
        const inbox = new InOrderInbox(transport)
        transport.on('messageAdded', (message) => inbox.offer(message))
        transport.on('connectionStateChanged', (state) => void (state === 'connected' && inbox.catchUp()))
        await transport.connect({ token: auth.token, chatSid: auth.chatSid, identity: auth.identity, sandboxUrl: auth.sandboxUrl })
        return { c, auth, transport, inbox }
      }),
    )
    const owner = new Map<string, LeanAgent>()
    while (owner.size < CHATS) {
      for (const agent of agents) {
        for (const offer of agent.state?.offers ?? []) {
          const accepted = (await agent.request({ type: 'accept', reservationSid: offer.reservationSid }).catch(() => undefined)) as { chatSid: string } | undefined
          if (accepted) owner.set(accepted.chatSid, agent)
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }

    // Cut a random visitor connection every few ms while the messages flow.
    let drops = 0
    const chaos = setInterval(() => {
      const sockets = [...openedSockets].filter((socket) => socket.readyState === socket.OPEN)
      const victim = sockets[Math.floor(Math.random() * sockets.length)]
      if (victim) {
        victim.terminate()
        drops++
      }
    }, 50)

    const started = Date.now()
    try {
      await Promise.all(
        chats.flatMap(({ c, auth, transport }) => [
          (async () => {
            for (let n = 0; n < MESSAGES; n++) await transport.sendText(`v:${c}:${n}`, { messageId: `v-${c}-${n}` })
          })(),
          (async () => {
            const agent = owner.get(auth.chatSid)!
            for (let n = 0; n < MESSAGES; n++) await agent.request({ type: 'send', chatSid: auth.chatSid, body: `a:${c}:${n}` })
          })(),
        ]),
      )
    } finally {
      clearInterval(chaos)
    }
    // Let every visitor catch up on what arrived while it was cut off.
    const caughtUp = () => chats.every(({ auth, inbox }) => inbox.last === h!.gateway.chats.chat(auth.chatSid)!.lastMessageIndex)
    for (const deadline = Date.now() + 30_000; !caughtUp() && Date.now() < deadline; ) {
      await Promise.all(chats.map(({ inbox }) => inbox.catchUp()))
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    const totals = { sent: 0, delivered: 0, lost: 0, duplicated: 0, outOfOrder: 0, redeliveries: 0 }
    for (const { c, auth, inbox } of chats) {
      const stored = storedBodies(h, auth.chatSid)
      // Visitor → agent: what the agent's side holds. Agent → visitor: what the visitor's inbox took.
      for (const result of [audit(stored, `v:${c}:`, MESSAGES), audit(inbox.accepted.map((message) => message.body), `a:${c}:`, MESSAGES)]) {
        totals.sent += MESSAGES
        totals.delivered += result.delivered
        totals.lost += result.lost
        totals.duplicated += result.duplicated
        totals.outOfOrder += result.outOfOrder
      }
      totals.redeliveries += inbox.redeliveries
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `chaos: ${CHATS} chats, ${totals.sent} messages sent, ${totals.delivered} delivered, ${totals.lost} lost, ${totals.duplicated} duplicated, ` +
        `${totals.outOfOrder} out of order; ${drops} connections cut, ${totals.redeliveries} redeliveries filtered by index; ${seconds} s\n`,
    )
    recordFigures('network-chaos', {
      messagesSent: totals.sent,
      messagesDelivered: totals.delivered,
      messagesLost: totals.lost,
      messagesDuplicated: totals.duplicated,
      messagesOutOfOrder: totals.outOfOrder,
      connectionDrops: drops,
    })
    expect(drops).toBeGreaterThan(CHATS)
    expect(totals).toMatchObject({ sent: 2 * CHATS * MESSAGES, delivered: 2 * CHATS * MESSAGES, lost: 0, duplicated: 0, outOfOrder: 0 })
  }, 120_000)
})
