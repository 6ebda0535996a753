/**
 * Flex chaos on Twilio (issue 12): visitors come, stay, reload, leave (with a `pagehide` beacon or without
 * a word) and end their chats, while Twilio calls fail at random and middleware instances restart, one at a
 * time or all together. Two instances share one Redis (`REDIS_URL`, a real redis-server) and one manual
 * clock; the Twilio fake, held to Twilio's OpenAPI specs, outlives every restart as Twilio does. Agents
 * accept offered tasks at random, as Flex's would.
 *
 * At the end nothing is left open on the fake (no conversation or legacy channel not closed, no task not
 * finished), no visitor who stayed was taken for gone, and every agent whose visitor left was told, once.
 *
 * Every decision comes from one seed (CHAOS_SEED, or one picked and printed); time is the manual clock, so
 * a run takes the same steps on a fast or a loaded machine.
 */
import { PRESENCE_NOTICE_KIND } from '@flex-escalate/api'
import { createManualClock } from '@flex-escalate/flex-sandbox/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { API_KEY_SECRET, SESSION_SECRET, SIDS, TEST_ENV } from '../../harness.js'
import { server } from '../../msw-server.js'
import { type RedisServer, startRedis } from '../../redis/redis-server.js'
import { FakeTwilio } from '../../twilio/twilio-fake.js'
import { twilioError } from '../../twilio/twilio-route.js'
import { recordFigures } from '../figures.js'
import { ChaosVisitor, VISITOR_PLANS, type VisitorCounts } from './chaos-visitor.js'
import { type Cluster, startCluster } from './cluster.js'
import { chaosSeed, derivedStream, mulberry32 } from './seeded-random.js'

const VISITORS = 200
const TICK_MS = 5_000
/** The middleware's defaults: a heartbeat every 30 s, gone after 90 s unseen or 20 s after a beacon, ended 300 s after the agent was told. */
const HEARTBEAT_MS = 30_000
const SETTLE_MS = (90 + 20 + 300 + 60) * 1000
const RELOAD_CHANCE = 0.02
const ACCEPT_CHANCE = 0.04
const RESTART_CHANCE = 0.06
const OUTAGE_CHANCE = 0.02
const FAULT_CHANCE = 0.3
/**
 * After a visitor left a queued chat, agents may still accept it for the wait the middleware gives (20 s
 * after a beacon, 90 s unseen) and what the chaos adds on top (a sweep missed in an outage, a Flex call
 * retried 15 s later): beyond that, an accept is of a chat nobody sees.
 */
const GHOST_SLACK_MS = 30_000

const { seed, picked } = chaosSeed()
const replay = `CHAOS_SEED=${seed}`

let redis: RedisServer
let cluster: Cluster | undefined
beforeAll(async () => {
  redis = await startRedis()
})
afterEach(async () => {
  await cluster?.close()
  cluster = undefined
})
afterAll(async () => {
  await redis?.stop()
})

describe.each(['conversations', 'programmable-chat'] as const)('Flex chaos on Twilio (%s)', (api) => {
  it(`${VISITORS} visitors stay, reload, leave and end while Twilio fails and instances restart: nothing left open`, async () => {
    process.stdout.write(
      `flex chaos (${api}): ${replay} (${picked ? 'picked at random; set CHAOS_SEED to replay it' : 'from the environment'})\n`,
    )
    onTestFailed(() => {
      process.stdout.write(
        `flex chaos (${api}): FAILED with ${replay}. Replay: ${replay} npm run test:reliability -w @flex-escalate/auth-middleware\n`,
      )
    })
    const choose = mulberry32(seed)
    const clock = createManualClock()
    const fake = new FakeTwilio({ defaultQueueSid: SIDS.defaultQueue, topicQueues: { billing: SIDS.billingQueue } })
    server.use(...fake.handlers)
    const env = {
      ...TEST_ENV,
      TWILIO_CHAT_API: api,
      REDIS_URL: redis.url,
      // Logged, so the end of the run can check that no token or secret was.
      LOG_LEVEL: 'info',
      // /auth's limits count real minutes, and a tick here is 5 s on the clock but a few ms of real time: a
      // visitor retrying a failed /auth would meet them at once. The abuse suite holds the limits.
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '100000',
    }
    const live = await startCluster({ env, instances: 2, clock, random: derivedStream(seed, 2) })
    cluster = live

    const counts: VisitorCounts = { authFailures: 0, heartbeatsLost: 0, beaconsLost: 0, reloads: 0, endsGivenUp: 0 }
    const visitors: ChaosVisitor[] = []
    const downUntil = new Map<number, number>()
    /** Who was with an agent when they left (so the agent must have been told), by chat. */
    const leftWithAgent = new Set<string>()
    /** Tasks queued when their visitor left, with the visitor; and when agents accepted tasks. */
    const leftQueued = new Map<string, ChaosVisitor>()
    const acceptedAt = new Map<string, number>()
    let faults = 0
    const taskOf = (chatSid: string) => {
      const taskSid =
        api === 'conversations'
          ? [...fake.interactions.values()].find((i) => i.conversationSid === chatSid)?.taskSid
          : fake.legacyChannels.get(chatSid)?.taskSid
      return fake.tasks.find((task) => task.sid === taskSid)
    }

    const step = async (tick: number, { chaos }: { chaos: boolean }) => {
      // Instances whose restart is over come back; then, maybe, one restarts or all go down.
      for (const [i, until] of downUntil) {
        if (tick < until) continue
        downUntil.delete(i)
        await live.startInstance(i)
      }
      if (chaos && live.runningCount === live.size && choose() < OUTAGE_CHANCE) {
        for (let i = 0; i < live.size; i++) {
          await live.stop(i)
          downUntil.set(i, tick + 1 + Math.floor(choose() * 2))
        }
      } else if (chaos && live.runningCount > 1 && choose() < RESTART_CHANCE) {
        const i = Math.floor(choose() * live.size)
        await live.stop(i)
        downUntil.set(i, tick + 1 + Math.floor(choose() * 3))
      }
      // A Twilio call fails: one of the operations seen so far, with a 503 or a connection reset.
      const seen = [...fake.log.calls.keys()]
      if (chaos && seen.length > 0 && choose() < FAULT_CHANCE) {
        const operation = seen[Math.floor(choose() * seen.length)]!
        fake.inject(
          operation,
          choose() < 0.5 ? { kind: 'reset' } : { kind: 'reply', reply: twilioError(503, 20503, 'Service Unavailable') },
        )
        faults++
      }
      // Agents accept what Flex offers them.
      for (const task of fake.tasks) {
        if ((task.status === 'pending' || task.status === 'reserved') && choose() < ACCEPT_CHANCE) {
          task.status = 'assigned'
          acceptedAt.set(task.sid, clock.now())
        }
      }
      // New visitors, up to two a tick.
      for (let k = 0; k < 2 && chaos && visitors.length < VISITORS && choose() < 0.6; k++) {
        const plan = VISITOR_PLANS[Math.floor(choose() * VISITOR_PLANS.length)]!
        const n = visitors.length
        visitors.push(
          new ChaosVisitor(n, {
            plan,
            decideTick: tick + 2 + Math.floor(choose() * 40),
            cluster: live,
            counts,
            random: derivedStream(seed, 10 + n),
            heartbeatMs: HEARTBEAT_MS,
            remoteAddress: `10.${api === 'conversations' ? 1 : 2}.${n >> 8}.${n & 255}`,
          }),
        )
      }
      for (const visitor of visitors) {
        const wasHere = visitor.state === 'here'
        await visitor.step(tick, clock.now(), chaos ? RELOAD_CHANCE : 0)
        if (!wasHere || visitor.state !== 'gone' || visitor.plan === 'stays') continue
        const task = taskOf(visitor.chat!.chatSid)
        if (task?.status === 'pending' || task?.status === 'reserved') leftQueued.set(task.sid, visitor)
        else if (task?.status === 'assigned' && visitor.plan !== 'ends') leftWithAgent.add(visitor.chat!.chatSid)
      }
      await live.sweep()
      clock.advance(TICK_MS)
    }

    const started = Date.now()
    let tick = 0
    // Until every visitor came and acted on their plan (the stayers stay).
    while (visitors.length < VISITORS || visitors.some((v) => v.state === 'arriving' || (v.plan !== 'stays' && v.state === 'here'))) {
      await step(tick++, { chaos: true })
      if (tick >= 2000) {
        const stuck = visitors.filter((v) => v.state !== 'gone').map((v) => `${v.n} ${v.plan} ${v.state} decides at ${v.decideTick}`)
        throw new Error(`Failed to finish the chaos within 2,000 ticks (${replay}): ${JSON.stringify(counts)}; still: ${stuck.join('; ')}.`)
      }
    }
    const chaosTicks = tick
    // No stayer was taken for gone: through restarts, outages, reloads and failed Twilio calls, their chat is open.
    const isOpen = (chatSid: string) => {
      const open = fake.openResources()
      return (api === 'conversations' ? open.conversations : open.legacyChannels).includes(chatSid)
    }
    const stayers = visitors.filter((v) => v.plan === 'stays')
    expect(
      stayers.filter((v) => !isOpen(v.chat!.chatSid)).map((v) => v.n),
      `stayers whose chat ended (${replay})`,
    ).toEqual([])
    for (const visitor of stayers) await visitor.finish()
    // Then time passes with every instance up and Twilio well: every departure falls due, every end is retried.
    for (const end = clock.now() + SETTLE_MS; clock.now() < end; ) await step(tick++, { chaos: false })

    const open = fake.openResources()
    const notices = (chatSid: string) =>
      (api === 'conversations' ? (fake.conversations.get(chatSid)?.messages ?? []) : (fake.legacyMessages.get(chatSid) ?? []))
        .filter((m) => m.attributes.includes(PRESENCE_NOTICE_KIND))
        .map((m) => (m.body?.startsWith('The visitor left') ? 'left' : 'back'))
    const untold = [...leftWithAgent].filter((chatSid) => !notices(chatSid).includes('left'))
    const toldTwice = visitors
      .map((v) => v.chat?.chatSid)
      .filter((chatSid): chatSid is string => chatSid !== undefined)
      .filter((chatSid) => notices(chatSid).some((notice, i, all) => notice === 'left' && all[i + 1] === 'left'))
    // No agent accepted a chat its visitor had left while waiting, once the middleware had had time to end it.
    const ghosts = [...leftQueued].filter(([taskSid, visitor]) => {
      const wait = visitor.saidLeaving || visitor.plan === 'ends' ? 20_000 : 90_000
      return (acceptedAt.get(taskSid) ?? 0) > visitor.leftAt! + wait + GHOST_SLACK_MS
    })
    // No secret and no visitor's token in any instance's log, through every failure logged.
    const secrets = [API_KEY_SECRET, SESSION_SECRET, ...visitors.flatMap((v) => (v.chat ? [v.chat.sessionToken] : []))]
    const leaks = live.logs.filter((line) => secrets.some((secret) => line.includes(secret))).length
    const byPlan = Object.fromEntries(VISITOR_PLANS.map((plan) => [plan, visitors.filter((v) => v.plan === plan).length]))
    process.stdout.write(
      `flex chaos (${api}): ${visitors.length} visitors (${JSON.stringify(byPlan)}), ${leftQueued.size} left while queued, ${leftWithAgent.size} with an agent; ${ghosts.length} offered to an agent once gone; ` +
        `${live.restarts} instance restarts, ${faults} Twilio faults injected (${fake.faultsServed} served), ` +
        `${counts.authFailures} /auth failures retried, ${counts.heartbeatsLost} heartbeats and ${counts.beaconsLost} beacons lost, ` +
        `${counts.reloads} reloads, ${counts.endsGivenUp} /chats/end given up; ${chaosTicks} ticks of chaos + ${tick - chaosTicks} to settle ` +
        `(${(tick * TICK_MS) / 1000} s on the clock, ${((Date.now() - started) / 1000).toFixed(1)} s real); ` +
        `left open: ${open.conversations.length} conversations, ${open.legacyChannels.length} channels, ${open.tasks.length} tasks; ${replay}\n`,
    )
    recordFigures(`flex-chaos-${api}`, {
      secretsLeaked: leaks,
      restarts: live.restarts,
      faultsInjected: faults,
      orphansLeft: open.conversations.length + open.legacyChannels.length + open.tasks.length,
    })
    expect(fake.violations, `Twilio spec violations (${replay})`).toEqual([])
    expect(leaks, `log lines with a secret or a token (${replay})`).toBe(0)
    expect(live.restarts, `instance restarts (${replay})`).toBeGreaterThan(0)
    expect(leftWithAgent.size, `visitors who left an agent (${replay})`).toBeGreaterThan(0)
    expect(leftQueued.size, `visitors who left the queue (${replay})`).toBeGreaterThan(0)
    expect({ untold, toldTwice, ghosts: ghosts.map(([taskSid]) => taskSid) }, `agents told (${replay})`).toEqual({
      untold: [],
      toldTwice: [],
      ghosts: [],
    })
    expect(open, `left open on Twilio (${replay})`).toEqual({ conversations: [], legacyChannels: [], tasks: [] })
  }, 120_000)
})
