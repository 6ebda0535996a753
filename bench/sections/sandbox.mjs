import { fork } from 'node:child_process'
import { once } from 'node:events'
import { paths } from '../lib/paths.mjs'
import { startServer } from '../lib/server-process.mjs'
import { percentile } from '../lib/stats.mjs'

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */
/** @typedef {import('../sandbox/clients.mjs').ClientsCommand} ClientsCommand */
/** @typedef {import('../sandbox/clients.mjs').ClientsReply} ClientsReply */

/**
 * @typedef {object} SandboxSettings
 * @property {number} chats concurrent chats
 * @property {number} agents they are spread over
 * @property {number} relaySeconds
 * @property {number} messageIntervalMs per side of each chat during the relay
 */

/** @typedef {Awaited<ReturnType<typeof benchSandbox>>} SandboxResults */

/**
 * Whether an IPC message from the clients process is its reply of `type` (the process is the bench's own:
 * its replies are trusted in shape once their type matches).
 *
 * @template {ClientsReply['type']} K
 * @param {unknown} reply
 * @param {K} type
 * @returns {reply is Extract<ClientsReply, { type: K }>}
 */
function isReply(reply, type) {
  return typeof reply === 'object' && reply !== null && 'type' in reply && reply.type === type
}

/**
 * Waits for the clients process's answer to one command.
 *
 * @overload
 * @param {ChildProcess} clients
 * @param {Extract<ClientsCommand, { cmd: 'setup' }>} message
 * @param {number} timeoutMs
 * @returns {Promise<Extract<ClientsReply, { type: 'setup' }>>}
 */
/**
 * @overload
 * @param {ChildProcess} clients
 * @param {Extract<ClientsCommand, { cmd: 'relay' }>} message
 * @param {number} timeoutMs
 * @returns {Promise<Extract<ClientsReply, { type: 'relay' }>>}
 */
/**
 * @param {ChildProcess} clients
 * @param {Exclude<ClientsCommand, { cmd: 'close' }>} message
 * @param {number} timeoutMs
 * @returns {Promise<Extract<ClientsReply, { type: 'setup' | 'relay' }>>}
 */
async function command(clients, message, timeoutMs) {
  clients.send(message)
  const timer = setTimeout(() => clients.kill('SIGKILL'), timeoutMs)
  try {
    for (;;) {
      /** @type {unknown[]} */
      const [reply] = await Promise.race([
        once(clients, 'message'),
        once(clients, 'exit').then((/** @type {unknown[]} exit code, signal */ [code]) => {
          throw new Error(`the clients process exited (${code}) during ${message.cmd}`)
        }),
      ])
      if (isReply(reply, 'failed')) throw new Error(`${message.cmd} failed: ${reply.message}`)
      if (isReply(reply, message.cmd)) return reply
    }
  } finally {
    clearTimeout(timer)
  }
}

/** @param {number[]} samples */
const distribution = (samples) => ({
  n: samples.length,
  p50Ms: percentile(samples, 50),
  p99Ms: percentile(samples, 99),
  maxMs: percentile(samples, 100),
})

/**
 * Section 3: the sandbox hub with `chats` concurrent chats. The server runs in one child process
 * (`--expose-gc`, so RSS samples count live memory), visitors and agents in another (`sandbox/clients.mjs`).
 * Returns relay latencies both ways, RSS per chat and accept → memberJoined times.
 *
 * @param {SandboxSettings} settings
 * @param {(line: string) => void} log
 */
export async function benchSandbox({ chats, agents, relaySeconds, messageIntervalMs }, log) {
  /** @type {string[]} */
  const problems = []
  const server = await startServer(paths.sandboxServer, [String(chats), String(agents)], { execArgv: ['--expose-gc'] })
  /** @type {ChildProcess | undefined} */
  let clients
  try {
    const baseline = await server.sample({ gc: true })
    clients = fork(paths.sandboxClients, [server.url, String(chats), String(agents)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    await once(clients, 'message')

    log(`  ${chats} chats, ${agents} agents: agents sign in, chats start, agents accept`)
    const setup = await command(clients, { cmd: 'setup' }, 150_000)
    problems.push(...setup.errors)
    const afterSetup = await server.sample({ gc: true })

    log(`  relay: every chat, both sides, one message per ${messageIntervalMs / 1000} s for ${relaySeconds} s`)
    server.reset()
    const relay = await command(clients, { cmd: 'relay', seconds: relaySeconds, intervalMs: messageIntervalMs }, (relaySeconds + 60) * 1000)
    problems.push(...relay.errors)
    const afterRelay = await server.sample({ gc: true })

    /** @param {import('../lib/server-process.mjs').ProbeSample} sample */
    const perChat = (sample) => (sample.rssBytes - baseline.rssBytes) / chats
    return {
      chats,
      agents: setup.agents,
      setupSeconds: setup.allJoinedMs / 1000,
      acceptToJoined: distribution(setup.acceptToJoinedMs),
      messagesSent: relay.sent,
      messagesPerSecond: relay.sent / relaySeconds,
      visitorToAgent: distribution(relay.visitorToAgentMs),
      agentToVisitor: distribution(relay.agentToVisitorMs),
      serverCpuMsPerMessage: relay.sent > 0 ? afterRelay.cpuMs / relay.sent : NaN,
      rss: {
        baselineBytes: baseline.rssBytes,
        afterSetupBytes: afterSetup.rssBytes,
        afterRelayBytes: afterRelay.rssBytes,
        perChatAfterSetupBytes: perChat(afterSetup),
        perChatAfterRelayBytes: perChat(afterRelay),
        peakBytes: afterRelay.peakRssBytes,
      },
      problems,
    }
  } finally {
    if (clients && clients.exitCode === null) {
      clients.send({ cmd: 'close' })
      await Promise.race([once(clients, 'exit'), new Promise((r) => setTimeout(r, 3000))])
      if (clients.exitCode === null) clients.kill('SIGKILL')
    }
    await server.stop()
  }
}
