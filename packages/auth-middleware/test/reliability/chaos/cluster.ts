import type { Clock } from '@flex-escalate/flex-sandbox'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/config/config.js'
import type { Random } from './seeded-random.js'

export interface ClusterOptions {
  /** The environment of every instance (they share REDIS_URL, and the Twilio fake msw answers from). */
  env: Record<string, string>
  instances: number
  clock: Clock
  random: Random
}

/**
 * Middleware instances behind a load balancer, each of which a test can stop and start again (a restart:
 * a new process's app, with nothing of the old one's memory). A request goes to a random running instance,
 * as a load balancer's would; with none running, it fails as a refused connection does (`undefined`).
 *
 * @example
 * const cluster = await startCluster({ env, instances: 2, clock, random })
 * await cluster.stop(0)
 * const res = await cluster.inject({ method: 'POST', url: '/auth', payload: {} }) // served by instance 1
 */
export class Cluster {
  readonly #slots: (FastifyInstance | undefined)[]
  /** Every line any instance logged, for a scan at the end. */
  readonly logs: string[] = []
  restarts = 0

  private constructor(private readonly options: ClusterOptions) {
    this.#slots = Array.from({ length: options.instances }, () => undefined)
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options)
    for (let i = 0; i < options.instances; i++) await cluster.startInstance(i)
    return cluster
  }

  get size(): number {
    return this.#slots.length
  }

  running(i: number): boolean {
    return this.#slots[i] !== undefined
  }

  get runningCount(): number {
    return this.#slots.filter(Boolean).length
  }

  async startInstance(i: number): Promise<void> {
    if (this.#slots[i]) return
    this.#slots[i] = await buildApp(loadConfig(this.options.env), {
      clock: this.options.clock,
      logStream: { write: (line: string) => void this.logs.push(line) },
    })
  }

  /** Stops instance `i` as SIGTERM does (requests finish, hooks run); a test awaits its own requests first. */
  async stop(i: number): Promise<void> {
    const app = this.#slots[i]
    if (!app) return
    this.#slots[i] = undefined
    this.restarts++
    await app.close()
  }

  /** The request, at a random running instance; `undefined` when none runs (the connection is refused). */
  async inject(request: InjectOptions): Promise<LightMyRequestResponse | undefined> {
    const up = this.#slots.filter((app): app is FastifyInstance => app !== undefined)
    const app = up[Math.floor(this.options.random() * up.length)]
    return app?.inject(request)
  }

  /** One presence sweep on every running instance, at the same moment (each runs its own in production). */
  async sweep(): Promise<void> {
    await Promise.all(this.#slots.map((app) => app?.presence.sweep()))
  }

  async close(): Promise<void> {
    for (let i = 0; i < this.#slots.length; i++) await this.stop(i)
  }
}

export const startCluster = (options: ClusterOptions) => Cluster.start(options)
