import { fork } from 'node:child_process'
import { once } from 'node:events'
import { paths } from '../lib/paths.mjs'
import { startServer } from '../lib/server-process.mjs'
import { percentile } from '../lib/stats.mjs'

/** Waits for the clients process's answer to one command. */
async function command(clients, message, timeoutMs) {
  clients.send(message)
  const timer = setTimeout(() => clients.kill('SIGKILL'), timeoutMs)
  try {
    for (;;) {
      const [reply] = await Promise.race([
        once(clients, 'message'),
        once(clients, 'exit').then(([code]) => {
          throw new Error(`the clients process exited (${code}) during ${message.cmd}`)
        }),
      ])
      if (reply.type === 'failed') throw new Error(`${message.cmd} failed: ${reply.message}`)
      if (reply.type === message.cmd) return reply
    }
  } finally {
    clearTimeout(timer)
  }
}

const distribution = (samples) => ({ n: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: percentile(samples, 100) })

/**
 * Section 3: the sandbox hub with `chats` concurrent chats. The server runs in one child process
 * (`--expose-gc`, so RSS samples count live memory), visitors and agents in another (`sandbox/clients.mjs`).
 * Returns relay latencies both ways, RSS per chat and accept → memberJoined times.
 */
export async function benchSandbox({ chats, agents, relaySeconds, messageIntervalMs }, log) {
  const problems = []
  const server = await startServer(paths.sandboxServer, [String(chats), String(agents)], { execArgv: ['--expose-gc'] })
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
