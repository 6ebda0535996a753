import type { TaskQueue, Worker } from './model.js'
import { isSid, newSid } from './sids.js'

/** How to configure a queue; `topic` and `topics` add up, SIDs are made when absent. */
export interface TaskQueueConfig {
  sid?: string
  name: string
  topic?: string
  topics?: readonly string[]
  /** The skill a worker needs to serve this queue; null lets every worker serve it. */
  skill: string | null
}

export const FALLBACK_QUEUE_NAME = 'Everyone'

/**
 * Modelled on the Flex seed's call-centre workflow: a queue per skill and the catch-all "Everyone" queue
 * Flex creates in every workspace.
 */
export const DEFAULT_TASK_QUEUES: readonly TaskQueueConfig[] = [
  { name: 'Billing', topics: ['billing', 'payment', 'payments', 'invoice', 'refund'], skill: 'billing' },
  { name: 'Technical support', topics: ['technical', 'technical support', 'tech support', 'support'], skill: 'technical' },
  { name: FALLBACK_QUEUE_NAME, topics: [], skill: null },
]

/**
 * The sandbox's TaskRouter Workflow: which queue a topic goes to, and which workers a queue may offer
 * tasks to. A topic matches a queue listing it (case-insensitive); anything else goes to "Everyone",
 * which is added when the configuration lacks it so that no chat is ever unroutable.
 *
 * @example
 * const workflow = new SandboxWorkflow()
 * workflow.queueFor('Billing').name // 'Billing'
 * workflow.queueFor('weather').name // 'Everyone'
 */
export class SandboxWorkflow {
  readonly sid = newSid('WW')
  readonly fallback: TaskQueue
  private readonly list: TaskQueue[]
  private readonly byTopic = new Map<string, TaskQueue>()

  constructor(configs: readonly TaskQueueConfig[] = DEFAULT_TASK_QUEUES) {
    this.list = configs.map(toQueue)
    let fallback = this.list.find((queue) => sameName(queue.name, FALLBACK_QUEUE_NAME))
    if (!fallback) {
      fallback = toQueue({ name: FALLBACK_QUEUE_NAME, skill: null })
      this.list.push(fallback)
    }
    if (fallback.skill !== null) {
      throw new Error(
        `Failed to configure the sandbox task queues: "${FALLBACK_QUEUE_NAME}" requires skill "${fallback.skill}". Please set its skill to null: it is the queue every worker serves.`,
      )
    }
    this.fallback = fallback
    const names = new Set<string>()
    for (const queue of this.list) {
      const name = queue.name.toLowerCase()
      if (names.has(name))
        throw new Error(`Failed to configure the sandbox task queues: "${queue.name}" appears twice. Please give each queue its own name.`)
      names.add(name)
      for (const topic of queue.topics) {
        const other = this.byTopic.get(topic)
        if (other)
          throw new Error(
            `Failed to configure the sandbox task queues: topic "${topic}" is in both "${other.name}" and "${queue.name}". Please list it in one queue only.`,
          )
        this.byTopic.set(topic, queue)
      }
    }
  }

  queues(): TaskQueue[] {
    return [...this.list]
  }

  /** The queue with this SID or name (case-insensitive). */
  queue(sidOrName: string): TaskQueue | undefined {
    return this.list.find((queue) => queue.sid === sidOrName || sameName(queue.name, sidOrName))
  }

  requireQueue(sidOrName: string, action: string): TaskQueue {
    const queue = this.queue(sidOrName)
    if (!queue) {
      const known = this.list.map((q) => `${q.name} (${q.sid})`).join(', ')
      throw new Error(`Failed to ${action}: there is no task queue "${sidOrName}". Please use one of: ${known}.`)
    }
    return queue
  }

  /** The queue a chat about `topic` waits in. */
  queueFor(topic: string | undefined): TaskQueue {
    return (topic && this.byTopic.get(topic.trim().toLowerCase())) || this.fallback
  }

  /** Whether the queue may offer its tasks to this worker (skill match; "Everyone" takes all). */
  isEligible(queue: TaskQueue, worker: Worker): boolean {
    return queue.skill === null || worker.skills.includes(queue.skill)
  }
}

function toQueue(config: TaskQueueConfig): TaskQueue {
  const name = config.name.trim()
  if (!name) throw new Error('Failed to configure the sandbox task queues: a queue has an empty name. Please name every queue.')
  if (config.sid !== undefined && !isSid(config.sid, 'WQ')) {
    throw new Error(
      `Failed to configure task queue "${name}": sid "${config.sid}" is not a WQ SID. Please use "WQ" and 32 hex digits, or leave it out.`,
    )
  }
  const topics = [...(config.topic ? [config.topic] : []), ...(config.topics ?? [])]
  return {
    sid: config.sid ?? newSid('WQ'),
    name,
    topics: [...new Set(topics.map((topic) => topic.trim().toLowerCase()).filter(Boolean))],
    skill: config.skill === null ? null : config.skill.trim().toLowerCase(),
  }
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}
