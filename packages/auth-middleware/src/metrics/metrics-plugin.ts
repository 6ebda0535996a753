import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import type { AppConfig } from '../config/config.js'
import { failureReason, type Metrics } from './metrics.js'

export interface MetricsOptions {
  settings: AppConfig['metrics']
  metrics: Metrics
  /** Where a listener of its own binds (METRICS_PORT): the middleware's host. */
  host: string
}

/** The route Prometheus scrapes. */
export const METRICS_PATH = '/metrics'

/** Compares a presented bearer token with the configured one in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '')
  const expected = Buffer.from(token)
  return presented.length === expected.length && timingSafeEqual(presented, expected)
}

/**
 * Prometheus metrics: counts escalations (by outcome and reason) and requests the rate limit refused, from
 * each reply, and serves `GET /metrics` — on a listener of its own when `METRICS_PORT` is set (a private
 * port, no token), and on the public listener only behind `Authorization: Bearer <METRICS_TOKEN>`. Neither
 * set, there is no metrics route: the counters are kept, nothing is exposed.
 *
 * @example
 * await app.register(metricsPlugin, { settings: config.metrics, metrics, host: config.host })
 */
export const metricsPlugin = fp<MetricsOptions>(
  async function metricsPlugin(app: FastifyInstance, { settings, metrics, host }) {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url
      if (reply.statusCode === 429 && route) metrics.rateLimited.inc({ route })
      if (route !== '/auth' || request.method !== 'POST') return
      if (reply.statusCode === 201) metrics.escalations.inc({ outcome: 'started', reason: '' })
      else if (reply.statusCode >= 400) metrics.escalations.inc({ outcome: 'failed', reason: failureReason(reply.statusCode) })
    })
    const scrape = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())

    const { token, port } = settings
    if (token) {
      app.get(
        METRICS_PATH,
        {
          schema: { summary: 'Prometheus metrics', description: 'Behind `Authorization: Bearer <METRICS_TOKEN>`.', hide: true },
          logLevel: 'warn',
          onRequest: async (request, reply) => {
            if (!bearerMatches(request.headers.authorization, token)) {
              await reply
                .code(401)
                .send({ error: 'Unauthorized', message: 'Failed to read the metrics: the bearer token is missing or wrong.' })
            }
          },
        },
        scrape,
      )
    }
    if (port !== undefined) {
      // A listener of its own, on a port the operator keeps private: it serves the metrics and nothing else.
      const own = Fastify({ logger: false })
      own.get(METRICS_PATH, scrape)
      // onReady, not onListen: `listen()` awaits it, so the metrics port is up (or its error thrown) once the app listens.
      app.addHook('onReady', async () => {
        await own.listen({ host, port })
        app.log.info({ port }, 'metrics listening')
      })
      app.addHook('onClose', async () => {
        await own.close()
      })
    }
  },
  { name: 'flex-escalate-metrics' },
)
