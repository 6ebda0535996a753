/**
 * Network chaos: 20 sandbox chats exchange 1,000 messages each way while the visitors' TCP connections are
 * cut at random. Visitors are the adapter's real sandbox transport (it reconnects with the same token; the
 * inbox catches up with `history` as the desk does); agents use `/sandbox/agent`. Every message must
 * arrive exactly once and in order per sender, on both sides.
 *
 * Every random choice comes from one seed (CHAOS_SEED, or one picked and printed): which socket is cut, and
 * after how many messages the next cut comes. Cuts are paced by messages sent, not by wall-clock time, so
 * a fast or a loaded machine sees the same number of cuts. The adapter's reconnection jitter calls
 * `Math.random` (it takes no random option), so `Math.random` is a seeded stream here too. The network's
 * own timing is not replayable; the seed replays every decision the test makes.
 */
import { afterAll, describe, expect, it, onTestFailed, vi } from 'vitest'
import { type SandboxHarness, startSandbox } from '../../sandbox/sandbox-harness.js'
import { recordFigures } from '../figures.js'
import { type AdapterTransport, createAdapterTransport, openedSockets } from './adapter.js'
import { LeanAgent } from './agent-client.js'
import { Deadline } from './deadline.js'
import { audit, InOrderInbox } from './in-order-inbox.js'
import { chaosSeed, derivedStream, mulberry32 } from './seeded-random.js'

const CHATS = 20
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000)
const AGENTS = CHATS / 2 // default chat capacity: 2
/** Cuts planned over the run (hundreds, whatever CHAOS_MESSAGES is), one after every ~1/PLANNED_CUTS of the messages. */
const PLANNED_CUTS = 15 * CHATS
const TEST_TIMEOUT_MS = 120_000
/** Everything after start-up, every loop and wait included, must end by then: a clear failure before vitest's timeout. */
const DEADLINE_MS = 100_000

const { seed, picked } = chaosSeed()
const replay = `CHAOS_SEED=${seed}`

let h: SandboxHarness | undefined
const transports: AdapterTransport[] = []
const agents: LeanAgent[] = []
let deadline: Deadline | undefined
let seededMathRandom: { mockRestore(): void } | undefined

afterAll(async () => {
  deadline?.dispose()
  seededMathRandom?.mockRestore()
  for (const transport of transports) await transport.shutdown().catch(() => undefined)
  for (const agent of agents) agent.close()
  await h?.close()
})

/** Every message the sandbox holds for the chat (the agent's side), paging as `history` does. */
function storedBodies(harness: SandboxHarness, chatSid: string): string[] {
  const bodies: string[] = []
  const last = harness.sandbox.chats.chat(chatSid)?.lastMessageIndex ?? -1
  for (let after = -1; after < last; ) {
    const page = harness.sandbox.chats.messagesAfter(chatSid, after)
    // Each page must move on, or this loop would never end.
    const next = page.at(-1)?.index ?? after
    if (next <= after)
      throw new Error(`Failed to page through chat ${chatSid}: no message after index ${after} though the last is ${last}.`)
    bodies.push(...page.map((message) => message.body))
    after = next
  }
  return bodies
}

describe('network chaos in the sandbox', () => {
  it(
    `${CHATS} chats × ${MESSAGES} messages each way, visitor connections cut at random: exactly once, in order`,
    async () => {
      process.stdout.write(`chaos: ${replay} (${picked ? 'picked at random; set CHAOS_SEED to replay it' : 'from the environment'})\n`)
      onTestFailed(() => {
        process.stdout.write(`chaos: FAILED with ${replay}. Replay: ${replay} npm run test:reliability -w @flex-escalate/auth-middleware\n`)
      })
      const choose = mulberry32(seed)
      seededMathRandom = vi.spyOn(Math, 'random').mockImplementation(derivedStream(seed, 1))

      h = await startSandbox({
        sandbox: { maxMessagesPerChat: 3 * MESSAGES },
        hub: { framesPerSecond: 100_000, framesBurst: 100_000, stateMessagesPerChat: 3, stateDebounceMs: 250, maxSocketsPerChat: 20 },
      })
      const time = new Deadline(DEADLINE_MS, replay)
      deadline = time
      const wsBase = h.base.replace('http', 'ws')
      for (let i = 0; i < AGENTS; i++)
        agents.push(await time.race(LeanAgent.signIn(`${wsBase}/sandbox/agent`, `Agent ${i}`), () => `signing in agent ${i}`))

      // Escalate and connect every visitor, then let each agent accept its offers.
      const chats = await time.race(
        Promise.all(
          Array.from({ length: CHATS }, async (_, c) => {
            const auth = await h!.escalate({ visitorName: `Visitor ${c}` })
            const transport = createAdapterTransport()
            transports.push(transport)
            const inbox = new InOrderInbox(transport)
            transport.on('messageAdded', (message) => inbox.offer(message))
            transport.on('connectionStateChanged', (state) => void (state === 'connected' && inbox.catchUp()))
            await transport.connect({ token: auth.token, chatSid: auth.chatSid, identity: auth.identity, sandboxUrl: auth.sandboxUrl })
            return { c, auth, transport, inbox }
          }),
        ),
        () => 'connecting the visitors',
      )
      const owner = new Map<string, LeanAgent>()
      while (owner.size < CHATS) {
        time.check(() => `accepting offers: ${owner.size} of ${CHATS} chats accepted`)
        // States that arrive while this round accepts count as news for the wait below: none is missed.
        const seen = agents.map((agent) => agent.stateCount)
        for (const agent of agents) {
          for (const offer of agent.state?.offers ?? []) {
            const accepted = (await agent.request({ type: 'accept', reservationSid: offer.reservationSid }).catch(() => undefined)) as
              | { chatSid: string }
              | undefined
            if (accepted) owner.set(accepted.chatSid, agent)
          }
        }
        if (owner.size < CHATS) {
          await time.race(
            Promise.race(agents.map((agent, i) => agent.stateAfter(seen[i]!))),
            () => `waiting for offers: ${owner.size} of ${CHATS} chats accepted`,
          )
        }
      }

      // Cut a random open visitor connection after every few messages (a seeded number of them), as they flow.
      let drops = 0
      let sent = 0
      const meanGap = Math.max(1, Math.round((2 * CHATS * MESSAGES) / PLANNED_CUTS))
      const nextGap = () => 1 + Math.floor(choose() * (2 * meanGap - 1)) // 1 … 2·mean − 1: on average `meanGap`
      let untilCut = nextGap()
      const messageSent = () => {
        sent++
        if (--untilCut > 0) return
        untilCut = nextGap()
        const open = [...openedSockets].filter((socket) => socket.readyState === socket.OPEN)
        const victim = open[Math.floor(choose() * open.length)]
        if (victim) {
          victim.terminate()
          drops++
        }
      }

      const started = Date.now()
      const progress = () => `sending: ${sent} of ${2 * CHATS * MESSAGES} messages sent, ${drops} connections cut`
      await time.race(
        Promise.all(
          chats.flatMap(({ c, auth, transport }) => [
            (async () => {
              for (let n = 0; n < MESSAGES; n++) {
                time.check(progress)
                await transport.sendText(`v:${c}:${n}`, { messageId: `v-${c}-${n}` })
                messageSent()
              }
            })(),
            (async () => {
              const agent = owner.get(auth.chatSid)!
              for (let n = 0; n < MESSAGES; n++) {
                time.check(progress)
                await agent.request({ type: 'send', chatSid: auth.chatSid, body: `a:${c}:${n}` })
                messageSent()
              }
            })(),
          ]),
        ),
        progress,
      )
      // Let every visitor catch up on what arrived while it was cut off: each round awaits the inboxes' work.
      const behind = () => chats.filter(({ auth, inbox }) => inbox.last !== h!.sandbox.chats.chat(auth.chatSid)!.lastMessageIndex)
      const lag = () =>
        `catching up: ${behind().length} of ${CHATS} visitors behind (${behind()
          .map(({ c, inbox }) => `visitor ${c} at ${inbox.last}`)
          .join(', ')})`
      while (behind().length > 0) {
        time.check(lag)
        await time.race(Promise.all(behind().map(({ inbox }) => inbox.catchUp())), lag)
        // A round that failed at once (its socket was down) must not spin without letting I/O run: yield a turn.
        await new Promise((resolve) => setImmediate(resolve))
      }

      const totals = { sent: 0, delivered: 0, lost: 0, duplicated: 0, outOfOrder: 0, redeliveries: 0 }
      for (const { c, auth, inbox } of chats) {
        const stored = storedBodies(h, auth.chatSid)
        // Visitor → agent: what the agent's side holds. Agent → visitor: what the visitor's inbox took.
        for (const result of [
          audit(stored, `v:${c}:`, MESSAGES),
          audit(
            inbox.accepted.map((message) => message.body),
            `a:${c}:`,
            MESSAGES,
          ),
        ]) {
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
          `${totals.outOfOrder} out of order; ${drops} connections cut, ${totals.redeliveries} redeliveries filtered by index; ${seconds} s; ${replay}\n`,
      )
      recordFigures('network-chaos', {
        messagesSent: totals.sent,
        messagesDelivered: totals.delivered,
        messagesLost: totals.lost,
        messagesDuplicated: totals.duplicated,
        messagesOutOfOrder: totals.outOfOrder,
        connectionDrops: drops,
      })
      expect(drops, `connections cut (${replay})`).toBeGreaterThan(CHATS)
      expect(totals, `message audit (${replay})`).toMatchObject({
        sent: 2 * CHATS * MESSAGES,
        delivered: 2 * CHATS * MESSAGES,
        lost: 0,
        duplicated: 0,
        outOfOrder: 0,
      })
    },
    TEST_TIMEOUT_MS,
  )
})
