/**
 * Recent waits, per queue, from entering the queue to an agent accepting: the sandbox's version of
 * TaskRouter's `wait_duration_until_accepted` cumulative statistic. Only the last `size` are kept.
 *
 * @example
 * const waits = new WaitSamples(20)
 * waits.record('WQ…', 12_000)
 * waits.meanMs('WQ…') // 12000
 */
export class WaitSamples {
  private readonly samples = new Map<string, number[]>()

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`Failed to keep wait samples: size ${size} is not a whole number of at least 1. Please pass 1 or more.`)
  }

  record(queueSid: string, waitMs: number): void {
    const list = this.samples.get(queueSid) ?? []
    list.push(Math.max(0, waitMs))
    if (list.length > this.size) list.splice(0, list.length - this.size)
    this.samples.set(queueSid, list)
  }

  /** Mean of the recent waits; undefined before the first acceptance in that queue. */
  meanMs(queueSid: string): number | undefined {
    const list = this.samples.get(queueSid)
    if (!list?.length) return undefined
    return list.reduce((sum, value) => sum + value, 0) / list.length
  }
}
