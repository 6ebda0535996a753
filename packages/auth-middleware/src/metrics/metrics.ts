import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { TwilioCallObserver } from '../flex/twilio/twilio-call.js'

/** Every metric's name starts with this. */
const PREFIX = 'flex_escalate_'

/**
 * Why an escalation failed, from its reply's status: a bounded label (never an identity, a SID or a message).
 *
 * @example
 * failureReason(502) // 'twilio'
 */
export function failureReason(status: number): string {
  if (status === 429) return 'rate-limited'
  if (status === 401 || status === 403) return 'unauthorized'
  if (status === 502) return 'twilio'
  if (status === 503) return 'unavailable'
  if (status >= 500) return 'error'
  return 'bad-request'
}

/**
 * The middleware's Prometheus metrics, in a registry of its own (several apps in one process, as in the
 * tests, never share counters), with Node's default process metrics. Labels are bounded by construction:
 * outcomes, reasons, Twilio operations (the middleware's own fixed names), HTTP statuses and route paths.
 *
 * @example
 * const metrics = createMetrics()
 * metrics.escalations.inc({ outcome: 'started', reason: '' })
 * const text = await metrics.registry.metrics()
 */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: PREFIX })
  const escalations = new Counter({
    name: `${PREFIX}escalations_total`,
    help: 'POST /auth answered: started (201), or failed with a reason.',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  })
  const twilioCallSeconds = new Histogram({
    name: `${PREFIX}twilio_call_duration_seconds`,
    help: 'One attempt of a Twilio API call, by operation and outcome (2xx, the HTTP status of a failure, or none without a reply).',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const twilioRetries = new Counter({
    name: `${PREFIX}twilio_retries_total`,
    help: 'Twilio calls attempted again after a transient failure (429, 5xx, timeout, reset).',
    labelNames: ['operation'] as const,
    registers: [registry],
  })
  const rateLimited = new Counter({
    name: `${PREFIX}requests_rate_limited_total`,
    help: 'Requests refused with 429 by the rate limit, by route.',
    labelNames: ['route'] as const,
    registers: [registry],
  })
  const availabilityCache = new Counter({
    name: `${PREFIX}availability_cache_total`,
    help: "Queue statistics asked of the availability cache: hit, or miss (a TaskRouter read, or a wait on another request's).",
    labelNames: ['result'] as const,
    registers: [registry],
  })
  const flexGaveUp = new Counter({
    name: `${PREFIX}flex_gave_up_total`,
    help: 'Chats Flex gave up before an agent accepted them (TaskRouter task.canceled, workflow.timeout), closed and the visitor told.',
    labelNames: ['event'] as const,
    registers: [registry],
  })
  const twilio: TwilioCallObserver = {
    attempt: (operation, status, seconds) => twilioCallSeconds.observe({ operation, status }, seconds),
    retry: (operation) => twilioRetries.inc({ operation }),
    cache: (result) => availabilityCache.inc({ result }),
  }
  return {
    registry,
    escalations,
    rateLimited,
    flexGaveUp,
    twilio,
    /** Adds the sandbox's open chats, read at each scrape (sandbox mode only: there is no such gauge on Twilio). */
    countOpenChats(count: () => number): void {
      new Gauge({
        name: `${PREFIX}sandbox_open_chats`,
        help: 'Chats open in the local Flex sandbox.',
        registers: [registry],
        collect() {
          this.set(count())
        },
      })
    },
  }
}

export type Metrics = ReturnType<typeof createMetrics>
