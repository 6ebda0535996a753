import type { RouterEvent } from '../router-events.js'
import type { RouterView } from '../router-view.js'

/** Every agent, or the workers named. */
export type Audience = 'all' | ReadonlySet<string>

/** The fields of router event payloads that name workers, tasks or transfers. */
interface Mentions {
  worker?: { sid: string } | undefined
  fromWorker?: { sid: string }
  toWorker?: { sid: string }
  previousWorkerSid?: string | undefined
  reservation?: { workerSid: string }
  task?: {
    workerSid: string | undefined
    queueSid: string
    transfer: { toQueueSid: string | undefined; fromWorkerSid: string; toWorkerSid: string | undefined } | undefined
  }
  transfer?: { toQueueSid: string | undefined; fromWorkerSid: string; toWorkerSid: string | undefined }
}

/**
 * Whose console a router event changes. An agent's state shows the agent list (every worker's activity),
 * its own offers and chats, and the waiting lists of the queues it serves. So a worker event concerns
 * everyone; a task or reservation event concerns the workers it names (offered, holder, previous holder,
 * both ends of a transfer) and every worker serving a queue whose waiting list it may have changed (the
 * task's queue, and a transfer's target queue). Refreshing only those keeps the hub from rebuilding every
 * console for every offer at scale.
 *
 * @example
 * const audience = audienceOf(router.view, { type: 'reservation.created', payload }) // Set { 'WK…offered', …eligible }
 */
export function audienceOf(view: RouterView, event: RouterEvent): Audience {
  if (event.type === 'worker.created' || event.type === 'worker.activity.update') return 'all'
  // Every other payload is read through the fields they may share: no cast, each one fits `Mentions`.
  const p: Mentions = event.payload
  const sids = new Set<string>()
  const add = (sid: string | undefined) => {
    if (sid !== undefined) sids.add(sid)
  }
  add(p.worker?.sid)
  add(p.fromWorker?.sid)
  add(p.toWorker?.sid)
  add(p.previousWorkerSid)
  add(p.reservation?.workerSid)
  for (const transfer of [p.transfer, p.task?.transfer]) {
    add(transfer?.fromWorkerSid)
    add(transfer?.toWorkerSid)
  }
  add(p.task?.workerSid)
  const queues = new Set<string>()
  if (p.task) queues.add(p.task.queueSid)
  for (const transfer of [p.transfer, p.task?.transfer]) if (transfer?.toQueueSid) queues.add(transfer.toQueueSid)
  for (const worker of view.workers()) {
    for (const queueSid of queues) {
      if (view.servesQueue(worker.sid, queueSid)) {
        sids.add(worker.sid)
        break
      }
    }
  }
  return sids
}
