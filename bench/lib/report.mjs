/** Renders the bench results as one markdown report (all sections, then the goals). */

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const range = (s, format = int) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`
const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a')
const mb = (bytes) => (Number.isFinite(bytes) ? `${Math.round(bytes / 2 ** 20)} MB` : 'n/a')
const met = (ok) => (ok ? '**met**' : '**not met**')

function middleware(m, settings) {
  const lines = [
    `### 1. Middleware \`POST /auth\``,
    '',
    `autocannon, ${settings.warmupSeconds} s warm-up, ${settings.repetitions} × ${settings.durationSeconds} s; median (min–max) of the repetitions. ` +
      'Twilio answered in-process by msw, no delay. Server in its own process: CPU ms per request and peak RSS are its own. ' +
      `At ${Math.max(...settings.connections)} connections the three \`/auth\` designs take turns, one window each per round, ` +
      "so the machine's drift hits them alike; each ratio below is the median of the rounds' ratios.",
    '',
    '| design | connections | req/s | p50 ms | p99 ms | Twilio calls/req | CPU ms/req | peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const row of [...m.rows, m.ceiling]) {
    lines.push(
      `| ${row.design} | ${row.connections} | ${range(row.requestsPerSecond)} | ${range(row.p50Ms)} | ${range(row.p99Ms)} | ${fixed(row.twilioCallsPerRequest?.median, 1)} | ${fixed(row.cpuMsPerRequest.median, 2)} | ${mb(row.peakRssBytes)} |`,
    )
  }
  const ceiling = m.ceiling.requestsPerSecond.median
  lines.push('', '| at 100 connections | ours / reference req/s | ours / reference p99 | share of the static ceiling |', '|---|---:|---:|---:|')
  for (const c of m.comparisons) {
    const ours = m.rows.find((r) => r.design === `middleware (${c.api})` && r.connections === c.connections)
    lines.push(`| ${c.api} | ${fixed(c.throughputRatio, 2)}× | ${fixed(c.p99Ratio, 2)}× | ${fixed((100 * ours.requestsPerSecond.median) / ceiling, 1)} % |`)
  }
  lines.push(
    '',
    `Token minting alone (one core): ${int(m.minting.keyObjectPerSecond)}/s with the middleware's \`KeyObject\` signer, ` +
      `${int(m.minting.stringSecretPerSecond)}/s with the API secret as a string (${fixed(m.minting.keyObjectPerSecond / m.minting.stringSecretPerSecond, 0)}×).`,
  )
  return lines
}

function adapter(a) {
  const lines = [
    '### 2. Adapter weight',
    '',
    'esbuild, ESM, splitting, minified, browser, es2020. "on startChat": what the transport loads beyond the initial chunk.',
    '',
    '| chunk | gzip | brotli | gzip, ES2020 without core-js | brotli, ES2020 without core-js |',
    '|---|---:|---:|---:|---:|',
  ]
  for (const row of a.stock.rows) {
    const modern = a.modern.rows.find((r) => r.key === row.key)
    lines.push(`| ${row.label} | ${kb(row.gzip)} | ${kb(row.brotli)} | ${kb(modern?.gzip)} | ${kb(modern?.brotli)} |`)
  }
  lines.push('', `Twilio SDK code in the initial chunk: ${a.initialHasSdk ? 'YES' : 'none'}. Conversations transport + SDK: ${kb(a.conversationsStockGzipBytes)} gz stock, ${kb(a.conversationsModernGzipBytes)} gz for ES2020 browsers (see packages/servicedesk-twilio/README.md, "Bundle size").`)
  return lines
}

function sandbox(s, settings) {
  const lines = [
    '### 3. Sandbox scale',
    '',
    `${int(s.chats)} concurrent chats, ${s.agents} agents (${Math.ceil(s.chats / s.agents)} chats each), visitor and agent WebSocket clients in a separate process. ` +
      `Relay: both sides of every chat send one message per ${settings.messageIntervalMs / 1000} s for ${settings.relaySeconds} s (${int(s.messagesPerSecond)} messages/s).`,
    '',
    '| figure | p50 | p99 | max | samples |',
    '|---|---:|---:|---:|---:|',
    `| relay visitor → agent (agent \`messageAdded\` event) | ${fixed(s.visitorToAgent.p50Ms)} ms | ${fixed(s.visitorToAgent.p99Ms)} ms | ${fixed(s.visitorToAgent.maxMs)} ms | ${int(s.visitorToAgent.n)} |`,
    `| relay agent → visitor (\`messageAdded\`) | ${fixed(s.agentToVisitor.p50Ms)} ms | ${fixed(s.agentToVisitor.p99Ms)} ms | ${fixed(s.agentToVisitor.maxMs)} ms | ${int(s.agentToVisitor.n)} |`,
    `| agent's \`accept\` → visitor's \`memberJoined\` (during the ramp to ${int(s.chats)} chats) | ${fixed(s.acceptToJoined.p50Ms)} ms | ${fixed(s.acceptToJoined.p99Ms)} ms | ${fixed(s.acceptToJoined.maxMs)} ms | ${int(s.acceptToJoined.n)} |`,
    '',
    `Server RSS per chat: ${kb(s.rss.perChatAfterSetupBytes)} once every chat is accepted, ${kb(s.rss.perChatAfterRelayBytes)} after the relay ` +
      `(RSS after GC, ${mb(s.rss.baselineBytes)} idle → ${mb(s.rss.afterRelayBytes)}; peak ${mb(s.rss.peakBytes)}). ` +
      `Server CPU per relayed message: ${fixed(s.serverCpuMsPerMessage, 2)} ms. Ramp to ${int(s.chats)} accepted chats: ${fixed(s.setupSeconds, 0)} s.`,
  ]
  return lines
}

function escalation(e) {
  return [
    '### 4. Escalation time (browser, sandbox)',
    '',
    `Headless Chromium, the built demo and middleware; ${e.runs} runs, median (min–max).`,
    '',
    '| step | time |',
    '|---|---:|',
    `| click "connect" → agent's offer shown | ${range(e.connectToOfferMs)} ms |`,
    `| agent accepts → visitor sees the agent | ${range(e.acceptToJoinedMs)} ms |`,
  ]
}

/** Every goal of issue 6 with the figure it is judged on. */
export function goals(results) {
  const list = []
  const m = results.middleware
  if (m?.comparisons) {
    for (const c of m.comparisons) {
      list.push({
        goal: `/auth (${c.api}) ≥ 1.3× the reference's req/s at 100 connections, lower p99`,
        figure: `${fixed(c.throughputRatio, 2)}× req/s, p99 ${fixed(c.p99Ratio, 2)}×`,
        met: c.goalMet,
      })
    }
  }
  const a = results.adapter
  if (a?.stock) {
    list.push({ goal: 'initial chunk < 6 KB gz, no Twilio SDK in it', figure: `${kb(a.initialGzipBytes)}, SDK ${a.initialHasSdk ? 'present' : 'absent'}`, met: a.initialGzipBytes < a.goals.initialGzipBytes && !a.initialHasSdk })
    list.push({ goal: 'Conversations chunk < 100 KB gz, modern browsers (ES2020, core-js left out)', figure: `${kb(a.conversationsModernGzipBytes)} (stock ${kb(a.conversationsStockGzipBytes)})`, met: a.conversationsModernGzipBytes < a.goals.conversationsGzipBytes })
  }
  const s = results.sandbox
  if (s?.visitorToAgent) {
    const worst = Math.max(s.visitorToAgent.p99Ms, s.agentToVisitor.p99Ms)
    list.push({ goal: `relay p99 < 10 ms at ${int(s.chats)} chats (both ways)`, figure: `visitor → agent ${fixed(s.visitorToAgent.p99Ms)} ms, agent → visitor ${fixed(s.agentToVisitor.p99Ms)} ms`, met: worst < 10 })
    list.push({ goal: '< 50 KB server RSS per chat', figure: kb(s.rss.perChatAfterRelayBytes), met: s.rss.perChatAfterRelayBytes < 50 * 1024 })
  }
  return list
}

/**
 * The whole report as markdown lines.
 *
 * @example
 * console.log(renderReport(results).join('\n'))
 */
export function renderReport(results) {
  const { settings, machine } = results
  const lines = [
    `## Performance (\`npm run bench\`, ${results.finishedAt.slice(0, 10)})`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}. Total bench time ${fixed(results.totalSeconds, 0)} s.`,
    '',
  ]
  const section = (name, render) => {
    const value = results[name]
    if (value && !value.failed) lines.push(...render(value), '')
    else lines.push(`_${name}: not measured (${value?.failed ?? 'skipped'})_`, '')
  }
  section('middleware', (m) => middleware(m, settings.middleware))
  section('adapter', adapter)
  section('sandbox', (s) => sandbox(s, settings.sandbox))
  section('escalation', escalation)
  lines.push('### Goals', '', '| goal | figure | |', '|---|---|---|')
  for (const g of goals(results)) lines.push(`| ${g.goal} | ${g.figure} | ${met(g.met)} |`)
  return lines
}
