/** Renders the bench results as one markdown report (all sections, then the goals). */

/** @typedef {import('../sections/middleware.mjs').MiddlewareSettings} MiddlewareSettings */
/** @typedef {import('../sections/middleware.mjs').MiddlewareResults} MiddlewareResults */
/** @typedef {import('../sections/adapter-weight.mjs').AdapterResults} AdapterResults */
/** @typedef {import('../sections/sandbox.mjs').SandboxSettings} SandboxSettings */
/** @typedef {import('../sections/sandbox.mjs').SandboxResults} SandboxResults */
/** @typedef {import('../sections/escalation.mjs').EscalationFigures} EscalationFigures */

/** @typedef {{ failed: string }} Failed a section that did not measure: why, in one line */

/**
 * @typedef {object} BenchSettings
 * @property {MiddlewareSettings} middleware
 * @property {SandboxSettings} sandbox
 * @property {{ runs: number }} escalation
 */

/**
 * @typedef {object} BenchResults what `bench/run.mjs` writes to bench/results/latest.json
 * @property {BenchSettings} settings
 * @property {ReturnType<typeof import('./machine.mjs').describeMachine>} machine
 * @property {string} startedAt
 * @property {string} finishedAt
 * @property {number} totalSeconds
 * @property {MiddlewareResults | Failed} [middleware]
 * @property {AdapterResults | Failed} [adapter]
 * @property {SandboxResults | Failed} [sandbox]
 * @property {EscalationFigures | Failed} [escalation]
 * @property {ReturnType<typeof goals>} [goals]
 * @property {string[]} [problems] every functional error of the run
 */

/** @param {number | undefined} n */
const int = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
/**
 * @param {number | undefined} n
 * @param {number} [digits]
 */
const fixed = (n, digits = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
/**
 * @param {import('./stats.mjs').Summary} s
 * @param {(n: number) => string} [format]
 */
const range = (s, format = int) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`
/** @param {number | undefined} bytes */
const kb = (bytes) => (typeof bytes === 'number' && Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a')
/** @param {number | undefined} bytes */
const mb = (bytes) => (typeof bytes === 'number' && Number.isFinite(bytes) ? `${Math.round(bytes / 2 ** 20)} MB` : 'n/a')
/** @param {boolean} ok */
const met = (ok) => (ok ? '**met**' : '**not met**')

/**
 * @param {unknown} value
 * @returns {value is Failed}
 */
const isFailed = (value) => typeof value === 'object' && value !== null && 'failed' in value

/**
 * A section's figures; undefined when it failed or did not run.
 *
 * @template T
 * @param {T | Failed | undefined} value
 * @returns {T | undefined}
 */
const measured = (value) => (value === undefined || isFailed(value) ? undefined : value)

/**
 * @param {MiddlewareResults} m
 * @param {MiddlewareSettings} settings
 * @returns {string[]}
 */
function middleware(m, settings) {
  const lines = [
    `### 1. Middleware \`POST /auth\``,
    '',
    'Twilio is an HTTPS server in its own process, on the loopback: a self-signed `*.twilio.com` certificate the servers ' +
      'trust (`NODE_EXTRA_CA_CERTS`), the names resolved to 127.0.0.1 inside them (a `--require` preload), so the real ' +
      "`twilio` SDK makes real HTTPS calls through its connection pool; every request is checked against Twilio's OpenAPI " +
      `specs and answered with fresh SIDs after the injected latency (${settings.latenciesMs.map((l) => `${l} ms`).join(' and ')} per call). ` +
      `autocannon at ${settings.connections} connections; the designs take turns, ${settings.warmupSeconds} s warm-up each, then ` +
      `${settings.rounds} rounds of one ${settings.durationSeconds} s window each, so the machine's drift hits them alike; median (min–max) of the rounds. ` +
      'Each server in its own process: CPU ms per request and RSS are its own. Round trips: sequential Twilio calls per request, ' +
      `from the fake's timestamps of ${settings.calibrationRequests} requests sent one at a time. Bound: connections / (round trips × latency).`,
    '',
    '| design | Twilio latency | req/s | p50 ms | p99 ms | Twilio calls/req | round trips/req | CPU ms/req | RSS idle → peak | non-2xx | share of bound |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const row of m.rows) {
    lines.push(
      `| ${row.label} | ${row.latencyMs} ms | ${range(row.requestsPerSecond)} | ${range(row.p50Ms)} | ${range(row.p99Ms)} | ` +
        `${fixed(row.twilioCallsPerRequest.median, 1)} | ${fixed(row.roundTrips, 0)} | ${fixed(row.cpuMsPerRequest.median, 2)} | ` +
        `${mb(row.idleRssBytes)} → ${mb(row.peakRssBytes)} | ${int(row.non2xx)} | ${row.boundShare === undefined ? '–' : `${fixed(100 * row.boundShare, 1)} %`} |`,
    )
  }
  lines.push('', '| ours / peer | Twilio latency | req/s | p99 |', '|---|---:|---:|---:|')
  for (const c of m.comparisons) {
    const label = (/** @type {string} */ key) => m.rows.find((r) => r.design === key)?.label ?? key
    lines.push(`| ${label(c.ours)} / ${label(c.peer)} | ${c.latencyMs} ms | ${fixed(c.throughputRatio, 2)}× | ${fixed(c.p99Ratio, 2)}× |`)
  }
  const o = m.overload
  if (o) {
    lines.push(
      '',
      `Beyond the pool: ours (conversations) at ${int(o.connections)} connections, Twilio at ${o.latencyMs} ms: ${int(o.requestsPerSecond)} req/s, ` +
        `p50 ${int(o.p50Ms)} ms, p99 ${int(o.p99Ms)} ms, ${int(o.non2xx)} non-2xx. \`TWILIO_MAX_SOCKETS=${o.maxSockets}\` allows ` +
        `${int(o.poolBound)} req/s (sockets per host over the busiest host's calls per request × latency); the connections alone would allow ` +
        `${int(o.connectionBound)} req/s. Beyond the pool, requests wait for a socket: none fails.`,
    )
  }
  lines.push(
    '',
    `The Twilio fake's own cost: ${fixed(m.twilio.fakeCpuMsPerCall, 3)} ms CPU per call, RSS ${mb(m.twilio.fakeIdleRssBytes)} idle, ${mb(m.twilio.fakePeakRssBytes)} peak.`,
    '',
    `Token minting alone (one core): ${int(m.minting.keyObjectPerSecond)}/s with the middleware's \`KeyObject\` signer, ` +
      `${int(m.minting.stringSecretPerSecond)}/s with the API secret as a string (${fixed(m.minting.keyObjectPerSecond / m.minting.stringSecretPerSecond, 0)}×).`,
  )
  return lines
}

/**
 * @param {AdapterResults} a
 * @returns {string[]}
 */
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
  lines.push(
    '',
    `Twilio SDK code in the initial chunk: ${a.initialHasSdk ? 'YES' : 'none'}. Conversations transport + SDK: ${kb(a.conversationsStockGzipBytes)} gz stock, ${kb(a.conversationsModernGzipBytes)} gz for ES2020 browsers (see packages/servicedesk-twilio/README.md, "Bundle size").`,
  )
  return lines
}

/**
 * @param {SandboxResults} s
 * @param {SandboxSettings} settings
 * @returns {string[]}
 */
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

/**
 * @param {EscalationFigures} e
 * @returns {string[]}
 */
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

/** How far over the idle RSS a server may peak and still be flat over the run. */
const RSS_GROWTH_GOAL_BYTES = 100 * 2 ** 20

/**
 * The middleware's goals (issue 13): Conversations ≥ 1.3× the straightforward design's req/s at every
 * latency with a lower p99, both APIs ≥ 2.5× the predecessor's req/s at 0 ms, ≥ 95 % of the physical
 * bound at a latency, and the server's RSS flat.
 *
 * @param {MiddlewareResults} m
 * @returns {{ goal: string, figure: string, met: boolean }[]}
 */
function middlewareGoals(m) {
  const list = []
  for (const c of m.comparisons) {
    if (c.peer === 'straightforward') {
      list.push({
        goal: `/auth (conversations) ≥ 1.3× the straightforward Conversations design's req/s, lower p99, Twilio at ${c.latencyMs} ms`,
        figure: `${fixed(c.throughputRatio, 2)}× req/s, p99 ${fixed(c.p99Ratio, 2)}×`,
        met: c.throughputRatio >= 1.3 && c.p99Ratio < 1,
      })
    } else if (c.peer === 'predecessor' && c.latencyMs === 0) {
      list.push({
        goal: `/auth (${c.ours}) ≥ 2.5× the predecessor's req/s, Twilio at 0 ms`,
        figure: `${fixed(c.throughputRatio, 2)}× req/s`,
        met: c.throughputRatio >= 2.5,
      })
    }
  }
  for (const row of m.rows) {
    if (row.boundShare === undefined || (row.design !== 'conversations' && row.design !== 'programmable-chat')) continue
    list.push({
      goal: `/auth (${row.design}) ≥ 95 % of the physical bound, Twilio at ${row.latencyMs} ms`,
      figure: `${fixed(100 * row.boundShare, 1)} % (${int(row.requestsPerSecond.median)} req/s, ${fixed(row.roundTrips, 0)} round trips)`,
      met: row.boundShare >= 0.95,
    })
  }
  for (const design of ['conversations', 'programmable-chat']) {
    const ours = m.rows.filter((r) => r.design === design)
    if (ours.length === 0) continue
    const growth = Math.max(...ours.map((r) => r.peakRssBytes - r.idleRssBytes))
    list.push({
      goal: `server RSS flat (${design}): peak within 100 MB of idle`,
      figure: `+${mb(growth)}`,
      met: growth <= RSS_GROWTH_GOAL_BYTES,
    })
  }
  return list
}

/**
 * Every goal of issue 6 with the figure it is judged on.
 *
 * @param {Pick<BenchResults, 'middleware' | 'adapter' | 'sandbox'>} results
 */
export function goals(results) {
  /** @type {{ goal: string, figure: string, met: boolean }[]} */
  const list = []
  const m = measured(results.middleware)
  if (m?.comparisons) list.push(...middlewareGoals(m))
  const a = measured(results.adapter)
  if (a?.stock) {
    list.push({
      goal: 'initial chunk < 6 KB gz, no Twilio SDK in it',
      figure: `${kb(a.initialGzipBytes)}, SDK ${a.initialHasSdk ? 'present' : 'absent'}`,
      met: a.initialGzipBytes < a.goals.initialGzipBytes && !a.initialHasSdk,
    })
    list.push({
      goal: 'Conversations chunk < 100 KB gz, modern browsers (ES2020, core-js left out)',
      figure: `${kb(a.conversationsModernGzipBytes)} (stock ${kb(a.conversationsStockGzipBytes)})`,
      met: a.conversationsModernGzipBytes < a.goals.conversationsGzipBytes,
    })
  }
  const s = measured(results.sandbox)
  if (s?.visitorToAgent) {
    const worst = Math.max(s.visitorToAgent.p99Ms, s.agentToVisitor.p99Ms)
    list.push({
      goal: `relay p99 < 10 ms at ${int(s.chats)} chats (both ways)`,
      figure: `visitor → agent ${fixed(s.visitorToAgent.p99Ms)} ms, agent → visitor ${fixed(s.agentToVisitor.p99Ms)} ms`,
      met: worst < 10,
    })
    list.push({
      goal: '< 50 KB server RSS per chat',
      figure: kb(s.rss.perChatAfterRelayBytes),
      met: s.rss.perChatAfterRelayBytes < 50 * 1024,
    })
  }
  return list
}

/**
 * The whole report as markdown lines.
 *
 * @example
 * console.log(renderReport(results).join('\n'))
 *
 * @param {BenchResults} results
 * @returns {string[]}
 */
export function renderReport(results) {
  const { settings, machine } = results
  const lines = [
    `## Performance (\`npm run bench\`, ${results.finishedAt.slice(0, 10)})`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}. Total bench time ${fixed(results.totalSeconds, 0)} s.`,
    '',
  ]
  /**
   * @template T
   * @param {string} name
   * @param {T | Failed | undefined} value
   * @param {(figures: T) => string[]} render
   */
  const section = (name, value, render) => {
    const figures = measured(value)
    if (figures !== undefined) lines.push(...render(figures), '')
    else lines.push(`_${name}: not measured (${isFailed(value) ? value.failed : 'skipped'})_`, '')
  }
  section('middleware', results.middleware, (m) => middleware(m, settings.middleware))
  section('adapter', results.adapter, adapter)
  section('sandbox', results.sandbox, (s) => sandbox(s, settings.sandbox))
  section('escalation', results.escalation, escalation)
  lines.push('### Goals', '', '| goal | figure | |', '|---|---|---|')
  for (const g of goals(results)) lines.push(`| ${g.goal} | ${g.figure} | ${met(g.met)} |`)
  return lines
}
