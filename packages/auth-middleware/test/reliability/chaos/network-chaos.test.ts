/**
 * Network chaos: 20 sandbox chats exchange 1,000 messages each way while the visitors' TCP connections are
 * cut and their pages reload at random, and other visitors leave (a `pagehide` beacon, or a device gone
 * without a word) while queued or with an agent. Visitors are the adapter's real sandbox transport (it
 * reconnects with the same token; the inbox catches up with `history` as the desk does) with the adapter's
 * presence reports; agents use `/sandbox/agent`. Every message must arrive exactly once and in order per
 * sender, on both sides; no reload is taken for a departure; every departure ends its chat (the agent told
 * first). Then the audited visitors end their chats or leave, and the middleware restarts with other
 * visitors mid-chat: each is told the chat ended and starts a new one at once. At the end no chat is left
 * open and no task is waiting or with an agent, in the sandbox before the restart and in the new one.
 *
 * Every random choice comes from one seed (CHAOS_SEED, or one picked and printed): which socket is cut, and
 * after how many messages the next cut comes. Cuts are paced by messages sent, not by wall-clock time, so
 * a fast or a loaded machine sees the same number of cuts. The adapter's reconnection jitter calls
 * `Math.random` (it takes no random option), so `Math.random` is a seeded stream here too. The network's
 * own timing is not replayable; the seed replays every decision the test makes.
 */
import { PRESENCE_NOTICE_KIND } from '@flex-escalate/api'
import { afterAll, describe, expect, it, onTestFailed, vi } from 'vitest'
import { freePort } from '../../redis/redis-server.js'
import { type SandboxAuth, type SandboxHarness, type SandboxHarnessOptions, startSandbox } from '../../sandbox/sandbox-harness.js'
import { recordFigures } from '../figures.js'
import { type AdapterTransport, createAdapterTransport, openedSockets } from './adapter.js'
import { LeanAgent } from './agent-client.js'
import { Deadline } from './deadline.js'
import { audit, InOrderInbox } from './in-order-inbox.js'
import { PresenceReporter } from './presence-reporter.js'
import { chaosSeed, derivedStream, mulberry32 } from './seeded-random.js'

const CHATS = 20
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 1000)
const AGENTS = CHATS / 2 // default chat capacity: 2
/** Visitors who leave during the run: the first `LEAVER_AGENTS × 2` with an agent, the others while queued. */
const LEAVERS = 12
const LEAVER_AGENTS = 3
/** Visitors in a chat when the middleware restarts. */
const RESTARTERS = 4
/** Presence, shortened so departures fall due within the run (the pages beat every 5 s, as the adapter would at a third of the timeout). */
const PRESENCE_ENV = { VISITOR_PRESENCE_TIMEOUT_SECONDS: '15', VISITOR_LEAVING_GRACE_SECONDS: '3', VISITOR_IDLE_END_SECONDS: '1' }
const HEARTBEAT_MS = 5000
/** The hub's frame limit, raised out of the way (the burst suite holds it); the adapter paces to it. */
const HUB_FRAMES_PER_SECOND = 100_000
/** One reload for every this many connection cuts. */
const CUTS_PER_RELOAD = 4
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
const pages: PresenceReporter[] = []
let deadline: Deadline | undefined
let seededMathRandom: { mockRestore(): void } | undefined

afterAll(async () => {
  deadline?.dispose()
  seededMathRandom?.mockRestore()
  for (const page of pages) page.stop()
  for (const transport of transports) await transport.shutdown().catch(() => undefined)
  for (const agent of agents) agent.close()
  await h?.close()
})

/** Resolves once `done()` holds, checked at every change of the sandbox's chats and tasks (never by polling). */
function whenSandbox(harness: SandboxHarness, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (!done()) return
      offChats()
      offRouter()
      resolve()
    }
    const offChats = harness.sandbox.chats.onAny(look)
    const offRouter = harness.sandbox.router.onAny(look)
    look()
  })
}

/** What the sandbox still has open: chats not closed, and tasks waiting, offered or with an agent. */
function openInSandbox(harness: SandboxHarness, chatSids: readonly string[]) {
  return {
    chats: chatSids.filter((chatSid) => harness.sandbox.chats.chat(chatSid)?.state !== 'closed'),
    tasks: harness.sandbox.router
      .tasks()
      .filter((task) => task.status === 'pending' || task.status === 'reserved' || task.status === 'assigned')
      .map((task) => task.sid),
  }
}

/** The presence notices the agent got in the chat ("The visitor left the page…", "The visitor is back."). */
const presenceNotices = (harness: SandboxHarness, chatSid: string) =>
  harness.sandbox.chats.messagesAfter(chatSid, -1).filter((message) => message.attributes.kind === PRESENCE_NOTICE_KIND)

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
    `${CHATS} chats × ${MESSAGES} messages each way, connections cut and pages reloaded at random, ${LEAVERS} visitors leaving, a restart: exactly once, in order, nothing left open`,
    async () => {
      process.stdout.write(`chaos: ${replay} (${picked ? 'picked at random; set CHAOS_SEED to replay it' : 'from the environment'})\n`)
      onTestFailed(() => {
        process.stdout.write(`chaos: FAILED with ${replay}. Replay: ${replay} npm run test:reliability -w @flex-escalate/auth-middleware\n`)
      })
      const choose = mulberry32(seed)
      seededMathRandom = vi.spyOn(Math, 'random').mockImplementation(derivedStream(seed, 1))

      const port = await freePort()
      const sandboxOptions: SandboxHarnessOptions = {
        port,
        // Every visitor here comes from 127.0.0.1: the per-address limit of /auth is the abuse suite's to test.
        env: { ...PRESENCE_ENV, RATE_LIMIT_AUTH_PER_MINUTE: '1000', RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '1000' },
        sandbox: { maxMessagesPerChat: 3 * MESSAGES },
        hub: {
          framesPerSecond: HUB_FRAMES_PER_SECOND,
          framesBurst: HUB_FRAMES_PER_SECOND,
          stateMessagesPerChat: 3,
          stateDebounceMs: 250,
          maxSocketsPerChat: 20,
        },
      }
      h = await startSandbox(sandboxOptions)
      const time = new Deadline(DEADLINE_MS, replay)
      deadline = time
      const wsBase = h.base.replace('http', 'ws')
      for (let i = 0; i < AGENTS; i++)
        agents.push(await time.race(LeanAgent.signIn(`${wsBase}/sandbox/agent`, `Agent ${i}`), () => `signing in agent ${i}`))

      /** A visitor escalates, connects the adapter's transport and its page starts to beat. */
      const arrive = async (name: string) => {
        const auth = await h!.escalate({ visitorName: name })
        const transport = createAdapterTransport({ framesPerSecond: HUB_FRAMES_PER_SECOND })
        transports.push(transport)
        const inbox = new InOrderInbox(transport)
        transport.on('messageAdded', (message) => inbox.offer(message))
        transport.on('connectionStateChanged', (state) => void (state === 'connected' && inbox.catchUp()))
        await transport.connect({ token: auth.token, chatSid: auth.chatSid, identity: auth.identity, sandboxUrl: auth.sandboxUrl })
        const page = new PresenceReporter(h!.base, auth.sessionToken, HEARTBEAT_MS, name.replace(/\W/g, ''))
        pages.push(page)
        page.start()
        return { auth, transport, inbox, page }
      }
      const owner = new Map<string, LeanAgent>()
      /** Each agent accepts what it is offered, until `count` chats are accepted in all. */
      const acceptOffers = async (count: number) => {
        while (owner.size < count) {
          time.check(() => `accepting offers: ${owner.size} of ${count} chats accepted`)
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
          if (owner.size < count) {
            await time.race(
              Promise.race(agents.map((agent, i) => agent.stateAfter(seen[i]!))),
              () => `waiting for offers: ${owner.size} of ${count} chats accepted`,
            )
          }
        }
      }

      // Escalate and connect every audited visitor, then let each agent accept its offers.
      const chats = await time.race(
        Promise.all(Array.from({ length: CHATS }, async (_, c) => ({ c, ...(await arrive(`Visitor ${c}`)) }))),
        () => 'connecting the visitors',
      )
      await acceptOffers(CHATS)
      // The leavers: agents of their own take the first of them; the others wait in the queue (every agent is full).
      for (let i = 0; i < LEAVER_AGENTS; i++)
        agents.push(await time.race(LeanAgent.signIn(`${wsBase}/sandbox/agent`, `Agent L${i}`), () => `signing in agent L${i}`))
      const leavers = []
      for (let l = 0; l < LEAVERS; l++) leavers.push({ l, ...(await time.race(arrive(`Leaver ${l}`), () => `connecting leaver ${l}`)) })
      await acceptOffers(CHATS + 2 * LEAVER_AGENTS)
      const totalMessages = 2 * CHATS * MESSAGES
      // Each leaver leaves once a seeded share of the messages is sent: with a beacon, or silently (a device gone).
      const departures = leavers
        .map((leaver) => ({ ...leaver, at: Math.floor((0.05 + 0.6 * choose()) * totalMessages), beacon: choose() < 0.5 }))
        .sort((a, b) => a.at - b.at)
      const left: { chatSid: string; withAgent: boolean }[] = []
      const leave = async (leaver: (typeof departures)[number]) => {
        left.push({ chatSid: leaver.auth.chatSid, withAgent: owner.has(leaver.auth.chatSid) })
        if (leaver.beacon) await leaver.page.leave()
        else leaver.page.stop()
        await leaver.transport.shutdown()
      }

      // After every few messages (a seeded number of them) a random open visitor connection is cut, or a
      // random audited visitor's page reloads; the leavers leave at their turn.
      let drops = 0
      let reloads = 0
      let sent = 0
      const meanGap = Math.max(1, Math.round((2 * CHATS * MESSAGES) / PLANNED_CUTS))
      const nextGap = () => 1 + Math.floor(choose() * (2 * meanGap - 1)) // 1 … 2·mean − 1: on average `meanGap`
      let untilCut = nextGap()
      const leaving: Promise<void>[] = []
      /** What is still under way among them, for the deadline's message. */
      const pendingSteps = new Set<string>()
      const track = (label: string, step: Promise<void>) => {
        pendingSteps.add(label)
        return step.finally(() => pendingSteps.delete(label))
      }
      const messageSent = () => {
        sent++
        while (departures[0] && departures[0].at <= sent) {
          const leaver = departures.shift()!
          leaving.push(track(`leaver ${leaver.l} (${leaver.beacon ? 'beacon' : 'silent'})`, leave(leaver)))
        }
        if (--untilCut > 0) return
        untilCut = nextGap()
        if (choose() < 1 / CUTS_PER_RELOAD) {
          reloads++
          const c = Math.floor(choose() * CHATS)
          leaving.push(track(`reload ${reloads} of visitor ${c}`, chats[c]!.page.reload()))
          return
        }
        const open = [...openedSockets].filter((socket) => socket.readyState === socket.OPEN)
        const victim = open[Math.floor(choose() * open.length)]
        if (victim) {
          victim.terminate()
          drops++
        }
      }

      const started = Date.now()
      const progress = () => `sending: ${sent} of ${totalMessages} messages sent, ${drops} connections cut, ${reloads} reloads`
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
      await time.race(Promise.all(leaving), () => `leaving and reloading (${[...pendingSteps].join(', ')})`)
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
      const seconds = ((Date.now() - started) / 1000).toFixed(1)

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
      // No reload was taken for a departure: no audited agent was told their visitor left.
      const misjudged = chats.filter(({ auth }) => presenceNotices(h!, auth.chatSid).length > 0).map(({ c }) => c)

      // Every leaver's chat ends: while queued at once, with an agent once the agent was told and the idle time passed.
      const leaverSids = leavers.map(({ auth }) => auth.chatSid)
      await time.race(
        whenSandbox(h, () => openInSandbox(h!, leaverSids).chats.length === 0),
        () => `waiting for the leavers' chats to end: ${openInSandbox(h!, leaverSids).chats.length} of ${LEAVERS} still open`,
      )
      const untold = left
        .filter(({ chatSid, withAgent }) => withAgent && presenceNotices(h!, chatSid).length !== 1)
        .map(({ chatSid }) => chatSid)

      // The audited visitors finish: half end the chat, half close the page (then the chat ends after the idle time).
      await time.race(
        Promise.all(
          chats.map(async ({ c, auth, page, transport }) => {
            if (c % 2 === 0) {
              page.stop()
              const res = await fetch(`${h!.base}/chats/end`, { method: 'POST', headers: { authorization: `Bearer ${auth.sessionToken}` } })
              expect(res.status, `POST /chats/end of visitor ${c}`).toBeLessThan(300)
            } else await page.leave()
            await transport.shutdown()
          }),
        ),
        () => 'ending the audited chats',
      )
      const everyChat = [...chats.map(({ auth }) => auth.chatSid), ...leaverSids]
      await time.race(
        whenSandbox(h, () => openInSandbox(h!, everyChat).chats.length === 0),
        () =>
          `waiting for every chat to end: ${openInSandbox(h!, everyChat).chats.length} still open (${openInSandbox(h!, everyChat)
            .chats.map(
              (chatSid) =>
                `${h!.sandbox.chatPhase(chatSid)} ${JSON.stringify(h!.sandbox.visitorAway(chatSid))} ${presenceNotices(h!, chatSid).length}`,
            )
            .join('; ')})`,
      )
      const openBeforeRestart = openInSandbox(h, everyChat)

      // The restart: visitors mid-chat (some with an agent) see it end, and a new request of theirs works at once.
      // One more agent for them: the others' chats are in wrap-up, which holds their capacity.
      agents.push(await time.race(LeanAgent.signIn(`${wsBase}/sandbox/agent`, 'Agent R'), () => 'signing in agent R'))
      const restarters = await time.race(
        Promise.all(Array.from({ length: RESTARTERS }, (_, r) => arrive(`Restarter ${r}`))),
        () => 'connecting the restarters',
      )
      await acceptOffers(CHATS + 2 * LEAVER_AGENTS + Math.min(RESTARTERS, 2))
      const told = restarters.map(({ transport }) => new Promise<void>((resolve) => transport.on('chatEnded', () => resolve())))
      for (const { page } of restarters) page.stop()
      await h.close()
      h = await startSandbox(sandboxOptions)
      await time.race(Promise.all(told), () => 'telling the restarters their chats ended')
      const again: SandboxAuth[] = []
      for (const { transport } of restarters) await transport.shutdown()
      for (let r = 0; r < RESTARTERS; r++) {
        const { auth, transport } = await time.race(arrive(`Restarter ${r} again`), () => `restarter ${r} starting anew`)
        again.push(auth)
        const res = await fetch(`${h.base}/chats/end`, { method: 'POST', headers: { authorization: `Bearer ${auth.sessionToken}` } })
        expect(res.status, `POST /chats/end of restarter ${r}`).toBeLessThan(300)
        await transport.shutdown()
      }
      const openAfterRestart = openInSandbox(
        h,
        again.map((auth) => auth.chatSid),
      )

      const lost = pages.reduce((sum, page) => sum + page.lost, 0)
      process.stdout.write(
        `chaos: ${CHATS} chats, ${totals.sent} messages sent, ${totals.delivered} delivered, ${totals.lost} lost, ${totals.duplicated} duplicated, ` +
          `${totals.outOfOrder} out of order; ${drops} connections cut, ${reloads} reloads (${misjudged.length} taken for departures), ` +
          `${totals.redeliveries} redeliveries filtered by index; ${seconds} s; ${left.filter((l) => l.withAgent).length} visitors left an agent ` +
          `and ${left.filter((l) => !l.withAgent).length} the queue (${untold.length} agents not told once); ${RESTARTERS} visitors through a restart; ` +
          `${lost} presence reports lost; left open: ${openBeforeRestart.chats.length + openAfterRestart.chats.length} chats, ` +
          `${openBeforeRestart.tasks.length + openAfterRestart.tasks.length} tasks; ${replay}\n`,
      )
      recordFigures('network-chaos', {
        messagesSent: totals.sent,
        messagesDelivered: totals.delivered,
        messagesLost: totals.lost,
        messagesDuplicated: totals.duplicated,
        messagesOutOfOrder: totals.outOfOrder,
        connectionDrops: drops,
        restarts: 1,
        orphansLeft:
          openBeforeRestart.chats.length + openBeforeRestart.tasks.length + openAfterRestart.chats.length + openAfterRestart.tasks.length,
      })
      expect(drops, `connections cut (${replay})`).toBeGreaterThan(CHATS)
      expect(reloads, `reloads (${replay})`).toBeGreaterThan(0)
      expect(totals, `message audit (${replay})`).toMatchObject({
        sent: 2 * CHATS * MESSAGES,
        delivered: 2 * CHATS * MESSAGES,
        lost: 0,
        duplicated: 0,
        outOfOrder: 0,
      })
      expect({ misjudged, untold }, `presence (${replay})`).toEqual({ misjudged: [], untold: [] })
      expect(left.filter((l) => l.withAgent).length, `leavers with an agent (${replay})`).toBe(2 * LEAVER_AGENTS)
      expect({ openBeforeRestart, openAfterRestart }, `left open in the sandbox (${replay})`).toEqual({
        openBeforeRestart: { chats: [], tasks: [] },
        openAfterRestart: { chats: [], tasks: [] },
      })
    },
    TEST_TIMEOUT_MS,
  )
})
