/**
 * Bench server: the built middleware in sandbox mode with the hub's limits raised for N concurrent chats
 * (argv[2], default 1000) and their agents (argv[3], default 10). Started by `bench/run.mjs` with `fork` and `--expose-gc`, so that RSS samples
 * count live memory.
 */
import { buildApp, loadConfig, type SandboxFlexGateway } from '@flex-escalate/auth-middleware'
import { startProbe } from './server-probe.js'

const chats = Number(process.argv[2] ?? 1000)
const agents = Number(process.argv[3] ?? 10)
/**
 * Agents are created here with the capacity N chats need (`Bench agent 1`… sign in as them). Many agents
 * of the default capacity 2 would not fit the bench's time: on every router event the hub rebuilds every
 * agent's state, each copying every task (see bench/README.md, "Findings").
 */
const chatsPerAgent = Math.ceil(chats / agents)

const probe = startProbe(() => [])
const config = loadConfig({
  // The sandbox refuses production by design; development is how it runs.
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  PORT: '0',
  FLEX_MODE: 'sandbox',
  TRUST_PROXY: 'true',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '100000',
  SESSION_TOKEN_SECRET: 'bench-session-secret-0123456789abcdef',
  SANDBOX_RESERVATION_TIMEOUT_SECONDS: '600',
})
const app = await buildApp(config, {
  logStream: { write: () => undefined },
  sandboxHub: {
    // One socket per visitor and per agent, with room for reconnects.
    maxSockets: chats + agents + 100,
    maxAgents: agents + 10,
    // The bench clients send fast but well-formed; a chat's pace is bounded by the bench itself.
    framesPerSecond: 1000,
    framesBurst: 2000,
    signInTimeoutMs: 120_000,
    heartbeatMs: 600_000,
  },
})
// The gateway built from FLEX_MODE=sandbox, with the sandbox it drives: its agents are added here.
const { sandbox } = app.flex as SandboxFlexGateway
const everySkill = sandbox.router.queues().flatMap((queue) => (queue.skill === null ? [] : [queue.skill]))
for (let i = 1; i <= agents; i++) sandbox.router.addWorker({ name: `Bench agent ${i}`, skills: everySkill, chatCapacity: chatsPerAgent })
app.addHook('onResponse', async (_request, reply) => probe.count(reply.statusCode))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
probe.ready(typeof address === 'object' && address ? address.port : 0)
