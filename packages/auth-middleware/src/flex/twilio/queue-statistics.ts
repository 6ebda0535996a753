import { LRUCache } from 'lru-cache'
import type { Twilio } from 'twilio'
import type { TwilioConfig } from '../../config/config.js'
import type { Availability, ChatRef } from '../gateway.js'
import { jsonObject } from './json-attributes.js'
import { idempotentTwilioCall, type TwilioCallObserver } from './twilio-call.js'

interface QueueSnapshot {
  availableWorkers: number
  /** Pending tasks, first in line first: enough to place any waiting visitor. */
  pending: { sid: string; chatSid: string | undefined }[]
  /** Mean seconds a task of this queue waited until accepted over the last hour; undefined without data. */
  averageWaitSeconds: number | undefined
}

const PENDING_LIMIT = 200

/**
 * Agents online and queue position from TaskRouter, one snapshot per queue shared by every visitor for
 * `ttlSeconds`: a crowd of waiting visitors polling every few seconds costs three TaskRouter calls per
 * queue per period, not three per visitor. Concurrent misses share one fetch (lru-cache `fetchMethod`).
 * `options.now` replaces the cache's clock (tests advance a manual clock instead of waiting the period out).
 */
export function createQueueStatistics(
  client: Twilio,
  config: TwilioConfig,
  ttlSeconds: number,
  options: { now?: (() => number) | undefined; observe?: TwilioCallObserver | undefined } = {},
) {
  const workspace = client.taskrouter.v1.workspaces(config.workspaceSid)
  const { now, observe } = options
  const retry = { budgetMs: config.retryBudgetMs, observe }

  const snapshots = new LRUCache<string, QueueSnapshot>({
    max: 500,
    ttl: ttlSeconds * 1000,
    // Without an injected clock lru-cache keeps its own (performance.now: monotonic, immune to wall-clock
    // jumps). With one, it reads that clock on every check: its default ttlResolution would reuse a reading
    // for 1 ms of real time, so an advance of the injected clock could go unseen by the very next call.
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    fetchMethod: async (queueSid) => {
      const queue = workspace.taskQueues(queueSid)
      const [realTime, pending, cumulative] = await Promise.all([
        idempotentTwilioCall('read the queue statistics', () => queue.realTimeStatistics().fetch(), retry),
        idempotentTwilioCall(
          'read the waiting chats',
          () =>
            workspace.tasks.list({
              taskQueueSid: queueSid,
              assignmentStatus: ['pending', 'reserved'],
              ordering: 'Priority:desc,DateCreated:asc',
              limit: PENDING_LIMIT,
            }),
          retry,
        ),
        idempotentTwilioCall('read the queue wait times', () => queue.cumulativeStatistics().fetch({ minutes: 60 }), retry),
      ])
      const accepted = cumulative.waitDurationUntilAccepted as { avg?: number } | null
      return {
        availableWorkers: realTime.totalAvailableWorkers,
        pending: pending.map((task) => ({ sid: task.sid, chatSid: chatSidOf(task.attributes) })),
        averageWaitSeconds: cumulative.reservationsAccepted > 0 && accepted?.avg !== undefined ? accepted.avg : undefined,
      }
    },
  })

  function queueFor(topic: string | undefined): string | undefined {
    return (topic && config.topicQueues[topic.toLowerCase()]) || config.defaultQueueSid
  }

  async function availability(topic: string | undefined, chat?: ChatRef): Promise<Availability> {
    const queueSid = chat?.queueSid ?? queueFor(topic)
    if (!queueSid) return { agentsOnline: null }
    const status: LRUCache.Status<string, QueueSnapshot> = {}
    // biome-ignore lint/style/noNonNullAssertion: fetchMethod always returns a snapshot or throws, and no fetch is aborted.
    const snapshot = (await snapshots.fetch(queueSid, { status }))!
    // `hit`, or `stale` while a refresh is on its way: answered from the cache; `miss` and `inflight` waited for TaskRouter.
    observe?.cache(status.fetch === 'hit' || status.fetch === 'stale' ? 'hit' : 'miss')
    const result: Availability = { agentsOnline: snapshot.availableWorkers > 0 }
    if (chat) {
      const index = snapshot.pending.findIndex((task) => (chat.taskSid ? task.sid === chat.taskSid : task.chatSid === chat.chatSid))
      if (index >= 0) {
        result.positionInQueue = index + 1
        if (snapshot.averageWaitSeconds !== undefined) {
          // Interpolate the queue's mean wait by how far along the line this visitor is.
          result.estimatedWaitSeconds = Math.round((snapshot.averageWaitSeconds * (index + 1)) / snapshot.pending.length)
        }
      }
    }
    return result
  }

  return { queueFor, availability }
}

function chatSidOf(attributes: string | undefined): string | undefined {
  const value = jsonObject(attributes)
  const sid = value.conversationSid ?? value.channelSid
  return typeof sid === 'string' ? sid : undefined
}
