import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { RateLimitConfig } from '../config/config.js'
import { HttpError } from '../errors/http-errors.js'
import type { VisitorIdentityResolver } from '../identity/visitor-identity.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The `onRequest` hook of `POST /auth`: per-IP and per-identity limits. */
    limitAuth: onRequestAsyncHookHandler
  }
}

export interface AuthRateLimitOptions {
  limits: RateLimitConfig
  visitors: VisitorIdentityResolver
}

const MINUTE_MS = 60_000
const REDIS_CONNECT_WAIT_MS = 3000

function readyWithin(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    redis.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** 429 `{error, message}`; the `Retry-After` header is set on the reply before it is thrown. */
export class TooManyRequestsError extends HttpError {
  constructor(message: string) {
    super(429, 'Too Many Requests', message)
    this.name = 'TooManyRequestsError'
  }
}

/**
 * Limits `POST /auth`, which opens a Flex chat (a task an agent is offered) per call: at most
 * `authPerMinute` per client IP and `authPerIdentityPerMinute` per verified visitor (the `sub` of a valid
 * visitor JWT). Anonymous visitors have no identity of their own (each call mints a new one), so their IP
 * is their identity and the per-IP limit is theirs. The JWT is verified before its `sub` counts: an
 * unverified `sub` would let anyone spend another visitor's allowance.
 *
 * With `redisUrl` the counters live in Redis, shared by every instance behind the load balancer. A Redis
 * outage lets requests through (logged) rather than refusing every visitor: availability over strictness.
 *
 * @example
 * await app.register(authRateLimit, { limits: config.rateLimit, visitors })
 * app.post('/auth', { onRequest: app.limitAuth }, handler)
 */
export const authRateLimit = fp<AuthRateLimitOptions>(
  async function authRateLimit(app: FastifyInstance, { limits, visitors }) {
    const redis = limits.redisUrl
      ? new Redis(limits.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
      : undefined
    redis?.on('error', (err: Error) => app.log.warn({ err: { message: err.message } }, 'rate limit store (Redis) unavailable'))
    // Commands fail fast while Redis is down (no offline queue), so give it a moment to connect at start-up.
    if (redis) await readyWithin(redis, REDIS_CONNECT_WAIT_MS)
    await app.register(rateLimit, {
      global: false,
      skipOnError: true,
      ...(redis ? { redis, nameSpace: 'flex-escalate-rl:' } : {}),
    })
    const perIp = app.createRateLimit({ max: limits.authPerMinute, timeWindow: MINUTE_MS, keyGenerator: (req) => `ip:${req.ip}` })
    const perIdentity = app.createRateLimit({
      max: limits.authPerIdentityPerMinute,
      timeWindow: MINUTE_MS,
      keyGenerator: (req) => `id:${verifiedSub(visitors, req) ?? `ip:${req.ip}`}`,
    })

    app.decorate('limitAuth', async function limitAuth(request, reply) {
      const byIp = await perIp(request)
      if (!byIp.isAllowed && byIp.isExceeded) {
        reply.header('retry-after', String(byIp.ttlInSeconds))
        throw new TooManyRequestsError(
          `Failed to start a chat: this address started more than ${limits.authPerMinute} chats in a minute. Please try again in ${byIp.ttlInSeconds} seconds.`,
        )
      }
      if (!verifiedSub(visitors, request)) return
      const byIdentity = await perIdentity(request)
      if (!byIdentity.isAllowed && byIdentity.isExceeded) {
        reply.header('retry-after', String(byIdentity.ttlInSeconds))
        throw new TooManyRequestsError(
          `Failed to start a chat: this visitor started more than ${limits.authPerIdentityPerMinute} chats in a minute. Please try again in ${byIdentity.ttlInSeconds} seconds.`,
        )
      }
    } satisfies onRequestAsyncHookHandler)

    app.addHook('onClose', async () => {
      if (redis) await redis.quit().catch(() => redis.disconnect())
    })
  },
  { name: 'flex-escalate-auth-rate-limit' },
)

/**
 * The `sub` of a valid visitor JWT in the request, or undefined (anonymous, or a JWT the route will refuse).
 * The resolver remembers its outcome per request: the limiter's two reads and the route's verify once.
 */
function verifiedSub(visitors: VisitorIdentityResolver, request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return undefined
  try {
    const identity = visitors.forRequest(request)
    return identity.verified ? identity.identity : undefined
  } catch {
    return undefined
  }
}
