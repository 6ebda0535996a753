import { randomUUID } from 'node:crypto'
import type { PresenceState } from '@flex-escalate/api'
import type { FastifyBaseLogger } from 'fastify'
import type { PresenceConfig } from '../config/config.js'
import { HttpError } from '../errors/http-errors.js'
import type { ChatRef, FlexGateway } from '../flex/gateway.js'
import type { ClosedChats } from '../webhooks/closed-chats.js'
import { BACK_NOTICE, leftNotice } from './notices.js'
import type { PresenceRecord, PresenceStore } from './presence-store.js'

export interface PresenceTrackerOptions {
  store: PresenceStore
  gateway: Pick<FlexGateway, 'chatPhase' | 'notifyAgent' | 'endChat'>
  settings: Pick<PresenceConfig, 'timeoutSeconds' | 'leavingGraceSeconds' | 'idleEndSeconds'>
  /** The app's clock (ms since the epoch): a manual one in tests. */
  now: () => number
  log: FastifyBaseLogger
  /** Chats known to be closed: a chat ended here is added, so the routes stop asking Flex about it. */
  closedChats: ClosedChats
}

/** A change to a record: the new record, `undefined` to delete it, or {@link UNCHANGED}. */
const UNCHANGED = Symbol('unchanged')
type Change = (record: PresenceRecord | undefined) => PresenceRecord | undefined | typeof UNCHANGED

/** How long one instance holds a chat while it acts on it: beyond the few Flex calls that takes, retries included. */
const CLAIM_MS = 60_000
/** After a Flex call for a chat failed, the next attempt waits this long. */
const RETRY_MS = 15_000
/** A record outlives the time it falls due by this much, then expires (its chat long settled, or abandoned). */
const KEEP_MS = 3_600_000
/** Chats acted on per sweep, and at the same time. */
const SWEEP_BATCH = 200
const SWEEP_CONCURRENCY = 10
/** Pages (tabs) remembered per chat: a reload adds one, and gone ones are dropped. */
const MAX_PAGES = 8
/** Compare-and-set attempts before an update gives up (only concurrent heartbeats of one chat compete). */
const SWAP_ATTEMPTS = 8

/** 503: the presence store (Redis) could not be reached; the adapter tries again with its next heartbeat. */
export class PresenceUnavailableError extends HttpError {
  constructor() {
    super(503, 'Service Unavailable', "Failed to record the visitor's presence: the presence store is unavailable. Please try again.")
  }
}

/**
 * Notices visitors who left the page, and acts on it. Pages report `here` (a heartbeat) and `leaving` (the
 * `pagehide` beacon), each under a random page id; the visitor has left once every page of the chat is
 * gone: a page is gone `leavingGraceSeconds` after its `leaving` (a reload's new page reports `here` well
 * before that) or `timeoutSeconds` after it was last seen (the device went away without a word). Then:
 * - while the chat waits for an agent, it is ended through Flex, so no agent is offered it;
 * - with an agent, the agent is told in the chat (and the sandbox console marks the chat), and the chat
 *   ends `idleEndSeconds` later unless the visitor comes back, which the agent is told too.
 *
 * Every decision is a compare-and-set on the record, and every Flex call for a chat happens under a claim
 * of that chat, so several instances sharing Redis act once. When this instance could not reach its store,
 * the time since then does not count against any page: heartbeats it failed to record are not departures.
 *
 * @example
 * const tracker = new PresenceTracker({ store, gateway: app.flex, settings: config.presence, now: Date.now, log, closedChats })
 * await tracker.report(chat, 'page-1', 'here')
 * await tracker.sweep()
 */
export class PresenceTracker {
  private readonly owner = randomUUID()
  private troubleAt: number | undefined
  private sweeping: Promise<void> = Promise.resolve()
  private readonly timeoutMs: number
  private readonly graceMs: number
  private readonly idleEndMs: number

  constructor(private readonly options: PresenceTrackerOptions) {
    this.timeoutMs = options.settings.timeoutSeconds * 1000
    this.graceMs = options.settings.leavingGraceSeconds * 1000
    this.idleEndMs = options.settings.idleEndSeconds * 1000
  }

  /** A `here` or `leaving` from one page of the chat. Throws {@link PresenceUnavailableError} when the store is down. */
  async report(chat: ChatRef, page: string, state: PresenceState): Promise<void> {
    const now = this.options.now()
    try {
      await this.update(chat.chatSid, (record) =>
        state === 'here' ? this.seen(record, chat, page, now) : leaving(record, chat, page, now),
      )
    } catch (err) {
      this.trouble(err, 'failed to record a visitor presence')
      throw new PresenceUnavailableError()
    }
  }

  /**
   * A chat nobody has (a start that failed after Twilio created it, and Twilio kept refusing to remove it):
   * kept in the store, so it outlives a restart, and closed by the next sweep, again until Flex takes it.
   * Throws {@link PresenceUnavailableError} when the store is down.
   */
  async abandon(chat: ChatRef): Promise<void> {
    try {
      await this.update(chat.chatSid, () => ({ chat, pages: {}, abandoned: true }))
    } catch (err) {
      this.trouble(err, 'failed to record an abandoned chat')
      throw new PresenceUnavailableError()
    }
  }

  /** The chat ended (the visitor ended it): nothing more to watch. Never throws: the sweep would find it ended. */
  async forget(chatSid: string): Promise<void> {
    await this.update(chatSid, () => undefined).catch((err: unknown) => this.trouble(err, 'failed to forget a visitor presence'))
  }

  /** Acts on the chats that fell due. One sweep at a time: a call during a sweep runs once it is over. */
  sweep(): Promise<void> {
    const run = this.sweeping.then(() => this.sweepOnce())
    this.sweeping = run.catch(() => undefined)
    return run
  }

  private async sweepOnce(): Promise<void> {
    let due: string[]
    try {
      due = await this.options.store.due(this.options.now(), SWEEP_BATCH)
    } catch (err) {
      this.trouble(err, 'failed to read the visitor presences due')
      return
    }
    let next = 0
    const worker = async () => {
      for (let chatSid = due[next++]; chatSid !== undefined; chatSid = due[next++]) await this.settleClaimed(chatSid)
    }
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, due.length) }, worker))
  }

  private async settleClaimed(chatSid: string): Promise<void> {
    const { store, log } = this.options
    try {
      if (!(await store.claim(chatSid, this.owner, CLAIM_MS))) return
    } catch (err) {
      this.trouble(err, 'failed to claim a visitor presence')
      return
    }
    try {
      await this.settle(chatSid)
    } catch (err) {
      log.warn({ err, chatSid }, 'failed to act on a visitor who left; trying again later')
      await this.update(chatSid, (record) => record && { ...record, retryAt: this.options.now() + RETRY_MS }).catch(() => undefined)
    } finally {
      await store.release(chatSid, this.owner).catch(() => undefined)
    }
  }

  private async settle(chatSid: string): Promise<void> {
    const { gateway, log } = this.options
    const stored = await this.options.store.get(chatSid)
    // An index entry whose record expired: drop it.
    if (!stored) {
      await this.options.store.swap(chatSid, undefined, undefined)
      return
    }
    let record: PresenceRecord | undefined = stored.record
    const now = this.options.now()
    if (this.dueAt(record) > now) return
    if (record.abandoned) {
      await this.end(chatSid, (r) => r?.abandoned === true, 'abandoned by a start that failed halfway')
      return
    }

    if (record.away) {
      if (!record.away.told) await this.tellLeft(chatSid, record)
      if (record.away.endsAt <= now) await this.end(chatSid, (r) => r?.away !== undefined && r.away.endsAt <= now, 'did not come back')
      return
    }
    if (record.tellBack) {
      record = await this.tellBack(chatSid, record)
      if (!record || record.away) return
    }
    if (this.departedAt(record) > now) return

    const phase = await gateway.chatPhase(record.chat)
    if (phase === 'ended') {
      await this.update(chatSid, () => undefined)
      log.debug({ chatSid }, 'visitor left a chat that had already ended')
      return
    }
    if (phase === 'queued') {
      await this.end(chatSid, (r) => r !== undefined && !r.away && this.departedAt(r) <= now, 'while waiting for an agent')
      return
    }
    const away = { since: now, endsAt: now + this.idleEndMs, told: false }
    const marked = await this.update(chatSid, (r) =>
      !r || r.away || this.departedAt(r) > now ? UNCHANGED : { ...r, away, tellBack: undefined },
    )
    // The visitor came back while Flex was asked.
    if (marked?.away?.since !== now) return
    log.info({ chatSid, idleEndSeconds: this.idleEndMs / 1000 }, 'visitor left a chat with an agent: telling the agent')
    await this.tellLeft(chatSid, marked)
    if (away.endsAt <= now) await this.end(chatSid, (r) => r?.away?.since === now, 'did not come back')
  }

  /** Tells the agent the visitor left; a failure is retried by a later sweep (until the chat ends anyway). */
  private async tellLeft(chatSid: string, record: PresenceRecord): Promise<void> {
    const away = record.away
    if (!away) return
    try {
      await this.options.gateway.notifyAgent(record.chat, {
        kind: 'left',
        text: leftNotice(this.idleEndMs / 1000),
        since: new Date(away.since),
        endsAt: new Date(away.endsAt),
      })
    } catch (err) {
      this.options.log.warn({ err, chatSid }, 'failed to tell the agent that the visitor left; trying again later')
      await this.update(chatSid, (r) => (r?.away?.since === away.since ? { ...r, retryAt: this.options.now() + RETRY_MS } : UNCHANGED))
      return
    }
    await this.update(chatSid, (r) => {
      if (!r) return UNCHANGED
      if (r.away?.since === away.since) return { ...r, away: { ...r.away, told: true }, retryAt: undefined }
      // Back while the agent was being told: tell them that too.
      return r.away ? UNCHANGED : { ...r, tellBack: true }
    })
  }

  /** Tells the agent the visitor is back; returns the record after, or undefined when it failed (retried later). */
  private async tellBack(chatSid: string, record: PresenceRecord): Promise<PresenceRecord | undefined> {
    try {
      await this.options.gateway.notifyAgent(record.chat, { kind: 'back', text: BACK_NOTICE })
    } catch (err) {
      this.options.log.warn({ err, chatSid }, 'failed to tell the agent that the visitor is back; trying again later')
      await this.update(chatSid, (r) => (r?.tellBack ? { ...r, retryAt: this.options.now() + RETRY_MS } : UNCHANGED))
      return undefined
    }
    this.options.log.info({ chatSid }, 'visitor came back: agent told')
    return this.update(chatSid, (r) => (r?.tellBack ? { ...r, tellBack: undefined, retryAt: undefined } : UNCHANGED))
  }

  /**
   * Ends the chat through Flex if `stillGone` holds for the record at the moment it is removed (the removal
   * is the decision: a heartbeat just before it wins). If Flex fails, the record is put back to retry.
   */
  private async end(chatSid: string, stillGone: (record: PresenceRecord | undefined) => boolean, why: string): Promise<void> {
    let removed: PresenceRecord | undefined
    await this.update(chatSid, (r) => {
      if (!stillGone(r)) return UNCHANGED
      removed = r
      return undefined
    })
    if (!removed) return
    try {
      await this.options.gateway.endChat(removed.chat)
    } catch (err) {
      const retry = { ...removed, retryAt: this.options.now() + RETRY_MS }
      await this.update(chatSid, (r) => (r ? UNCHANGED : retry))
      throw err
    }
    this.options.closedChats.add(removed.chat.chatSid)
    this.options.log.info({ chatSid }, removed.abandoned ? `chat ${why}: closed` : `visitor left ${why}: chat ended`)
  }

  /** A `here`: this page is seen; a visitor judged gone is back. Pages gone for good are dropped. */
  private seen(record: PresenceRecord | undefined, chat: ChatRef, page: string, now: number): PresenceRecord {
    const pages = this.livePages(record?.pages, now)
    pages[page] = { seenAt: now }
    if (!record) return { chat, pages }
    const next: PresenceRecord = { ...record, pages }
    if (record.away) {
      next.away = undefined
      if (record.away.told) next.tellBack = true
    }
    return next
  }

  private livePages(pages: PresenceRecord['pages'] | undefined, now: number): PresenceRecord['pages'] {
    const live = Object.entries(pages ?? {})
      .filter(([, page]) => this.pageGoneAt(page, undefined) > now)
      .sort(([, a], [, b]) => b.seenAt - a.seenAt)
      .slice(0, MAX_PAGES - 1)
    return Object.fromEntries(live)
  }

  /**
   * When a page counts as gone: its last `here` plus the timeout, or its `leaving` plus the grace if sooner.
   * `trouble`: a time this instance could not reach its store; what it may have missed before does not count.
   */
  private pageGoneAt(page: PresenceRecord['pages'][string], trouble: number | undefined): number {
    const seenAt = Math.max(page.seenAt, trouble ?? Number.NEGATIVE_INFINITY)
    const leavingAt = page.leavingAt !== undefined && (trouble === undefined || page.leavingAt > trouble) ? page.leavingAt : undefined
    return Math.min(seenAt + this.timeoutMs, leavingAt === undefined ? Number.POSITIVE_INFINITY : leavingAt + this.graceMs)
  }

  /** When the visitor has left: once every page is gone. */
  private departedAt(record: PresenceRecord, trouble = this.troubleAt): number {
    const pages = Object.values(record.pages)
    return pages.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...pages.map((page) => this.pageGoneAt(page, trouble)))
  }

  /** When a sweep should next look at the record (the index the store keeps). */
  private dueAt(record: PresenceRecord, trouble = this.troubleAt): number {
    let at: number
    if (record.away) at = record.away.told ? record.away.endsAt : record.away.since
    else at = record.tellBack ? Number.NEGATIVE_INFINITY : this.departedAt(record, trouble)
    return Math.max(at, record.retryAt ?? Number.NEGATIVE_INFINITY)
  }

  /** Reads, changes and compare-and-sets one record until no one else changed it in between. */
  private async update(chatSid: string, change: Change): Promise<PresenceRecord | undefined> {
    const { store } = this.options
    for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt++) {
      const current = await store.get(chatSid)
      const next = change(current?.record)
      if (next === UNCHANGED) return current?.record
      if (next === undefined && current === undefined) return undefined
      // The index gets the time as this record says, whatever this instance's troubles: another may sweep it.
      const write = next && { raw: JSON.stringify(next), dueAt: finite(this.dueAt(next, undefined)), ttlMs: 0 }
      if (write) write.ttlMs = Math.max(0, write.dueAt - this.options.now()) + KEEP_MS
      if (await store.swap(chatSid, current?.raw, write)) return next
    }
    throw new Error(`Failed to update the presence of chat ${chatSid}: it kept changing. Please report this.`)
  }

  private trouble(err: unknown, message: string): void {
    this.troubleAt = this.options.now()
    this.options.log.warn({ err: { message: (err as Error)?.message } }, message)
  }
}

/** A `leaving` from one page: that page goes within the grace unless it reports `here` again (bfcache). */
function leaving(record: PresenceRecord | undefined, chat: ChatRef, page: string, now: number): PresenceRecord | typeof UNCHANGED {
  if (!record) return { chat, pages: { [page]: { seenAt: now, leavingAt: now } } }
  // Already judged gone: a late beacon changes nothing.
  if (record.away) return UNCHANGED
  const seenAt = record.pages[page]?.seenAt ?? now
  return { ...record, pages: { ...record.pages, [page]: { seenAt, leavingAt: now } } }
}

/** A sorted-set score: due now at the earliest (tellBack), never infinite. */
function finite(at: number): number {
  return Number.isFinite(at) ? at : 0
}
