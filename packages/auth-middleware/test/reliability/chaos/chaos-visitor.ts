import type { Cluster } from './cluster.js'
import type { Random } from './seeded-random.js'

/**
 * What a visitor does once in the chat: stays to the end, leaves with a `pagehide` beacon, vanishes without
 * a word (a device gone), or ends the chat (Carbon's "End chat").
 */
export type VisitorPlan = 'stays' | 'beacon' | 'vanishes' | 'ends'
export const VISITOR_PLANS: readonly VisitorPlan[] = ['stays', 'beacon', 'vanishes', 'ends']

/** The adapter's wait after a failed heartbeat, doubling while they fail. */
const HEARTBEAT_RETRY_MS = 5_000
/** The adapter's /chats/end attempts: the first, then its three background retries (desk/flex-ender.ts). */
const END_ATTEMPTS = 4

export interface VisitorCounts {
  authFailures: number
  heartbeatsLost: number
  beaconsLost: number
  reloads: number
  endsGivenUp: number
}

export interface ChaosVisitorOptions {
  plan: VisitorPlan
  /** The tick the visitor acts on its plan (for `stays`: never). */
  decideTick: number
  cluster: Cluster
  counts: VisitorCounts
  /** The visitor's own stream (its reloads). */
  random: Random
  heartbeatMs: number
  /** The visitor's own address: the per-address limits of /auth count each visitor apart, as in production. */
  remoteAddress: string
}

/**
 * One visitor's page as the adapter drives the middleware over HTTP, one step per tick of the test's
 * clock: `POST /auth` until it succeeds, a `POST /chats/presence` heartbeat every `heartbeatMs` (a failed
 * one is tried again 5 s later, doubling, as the adapter's heartbeat does), reloads (a `leaving` beacon, then
 * the new page's heartbeat), and the {@link VisitorPlan} at its tick. Requests go through the
 * {@link Cluster}, so an instance that is down is a refused connection the visitor meets.
 *
 * @example
 * const visitor = new ChaosVisitor(1, { plan: 'beacon', decideTick: 12, cluster, counts, random, heartbeatMs: 30_000, remoteAddress: '10.0.0.1' })
 * await visitor.step(tick, clock.now())
 */
export class ChaosVisitor {
  chat: { chatSid: string; sessionToken: string } | undefined
  /** `arriving` until /auth succeeds; `gone` once it left, vanished or ended the chat. */
  state: 'arriving' | 'here' | 'gone' = 'arriving'
  /** When the visitor left, vanished or ended the chat (the clock's ms), and whether a beacon said so. */
  leftAt: number | undefined
  saidLeaving = false
  #page = 0
  #nextBeatAt = 0
  #failedBeats = 0
  #endAttempts = 0

  readonly plan: VisitorPlan
  readonly decideTick: number
  private readonly cluster: Cluster
  private readonly counts: VisitorCounts
  private readonly random: Random
  private readonly heartbeatMs: number
  private readonly remoteAddress: string

  constructor(
    readonly n: number,
    options: ChaosVisitorOptions,
  ) {
    this.plan = options.plan
    this.decideTick = options.decideTick
    this.cluster = options.cluster
    this.counts = options.counts
    this.random = options.random
    this.heartbeatMs = options.heartbeatMs
    this.remoteAddress = options.remoteAddress
  }

  get page(): string {
    return `page-${this.n}-${this.#page}`
  }

  /** Whether the visitor is still to end the chat through /chats/end (its plan, or the end of the run). */
  get ending(): boolean {
    return this.#endAttempts > 0 && this.#endAttempts < END_ATTEMPTS
  }

  async step(tick: number, now: number, reloadChance: number): Promise<void> {
    if (this.state === 'arriving') return this.arrive(now)
    if (this.ending) return void (await this.tryEnd())
    if (this.state !== 'here') return
    if (tick >= this.decideTick && this.plan !== 'stays') return this.act(now)
    if (this.random() < reloadChance) {
      this.counts.reloads++
      await this.beacon()
      this.#page++
      this.#nextBeatAt = now
    }
    if (now >= this.#nextBeatAt) await this.heartbeat(now)
  }

  /** The run is over: a visitor still here ends the chat, as one clicking "End chat" would. */
  async finish(): Promise<void> {
    if (this.state === 'here') await this.tryEnd()
  }

  private async arrive(now: number): Promise<void> {
    const res = await this.cluster.inject({
      method: 'POST',
      url: '/auth',
      remoteAddress: this.remoteAddress,
      payload: { visitorName: `Visitor ${this.n}`, topic: 'billing' },
    })
    if (res?.statusCode !== 201) {
      this.counts.authFailures++
      return
    }
    this.chat = res.json() as { chatSid: string; sessionToken: string }
    this.state = 'here'
    await this.heartbeat(now)
  }

  private async act(now: number): Promise<void> {
    this.leftAt = now
    if (this.plan === 'beacon') this.saidLeaving = await this.beacon()
    if (this.plan === 'ends') return void (await this.tryEnd())
    this.state = 'gone'
  }

  private async heartbeat(now: number): Promise<void> {
    const res = await this.cluster.inject({
      method: 'POST',
      url: '/chats/presence',
      remoteAddress: this.remoteAddress,
      headers: { authorization: `Bearer ${this.chat!.sessionToken}` },
      payload: { state: 'here', page: this.page },
    })
    if (res?.statusCode === 200) {
      this.#failedBeats = 0
      this.#nextBeatAt = now + this.heartbeatMs
      return
    }
    // As the adapter's heartbeat (desk/presence.ts): again in 5 s, doubling, up to the period.
    this.counts.heartbeatsLost++
    this.#failedBeats++
    this.#nextBeatAt = now + Math.min(this.heartbeatMs, HEARTBEAT_RETRY_MS * 2 ** (this.#failedBeats - 1))
  }

  /** What `navigator.sendBeacon` sends on `pagehide`: fire and forget, the token in the text/plain body. */
  private async beacon(): Promise<boolean> {
    const res = await this.cluster.inject({
      method: 'POST',
      url: '/chats/presence',
      remoteAddress: this.remoteAddress,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({ state: 'leaving', page: this.page, sessionToken: this.chat!.sessionToken }),
    })
    if (res?.statusCode === 200) return true
    this.counts.beaconsLost++
    return false
  }

  /** One /chats/end attempt; the visitor's page has ended the chat on screen, so it beats no more. */
  private async tryEnd(): Promise<void> {
    this.state = 'gone'
    this.#endAttempts++
    const res = await this.cluster.inject({
      method: 'POST',
      url: '/chats/end',
      remoteAddress: this.remoteAddress,
      headers: { authorization: `Bearer ${this.chat!.sessionToken}` },
    })
    if (res && res.statusCode < 300) this.#endAttempts = END_ATTEMPTS
    else if (this.#endAttempts === END_ATTEMPTS) this.counts.endsGivenUp++
  }
}
