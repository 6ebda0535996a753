/**
 * The sandbox scale bench's clients, in a process of their own (forked by `bench/sections/sandbox.mjs`):
 * N visitors and their agents (each holding N / agents chats) on real WebSockets.
 * Driven over IPC, one phase at a time, so that the orchestrator can sample the server between phases:
 *
 * - `{ cmd: 'setup' }`: agents sign in and become Available, then N chats start (`POST /auth`), each
 *   visitor connects and authenticates, agents accept their offers. Replies with the accept → memberJoined
 *   times (the visitor sees the agent).
 * - `{ cmd: 'relay', seconds, intervalMs }`: both sides of every chat send a message every `intervalMs`
 *   (random phase); replies with the relay latencies and what was lost.
 * - `{ cmd: 'close' }`: closes every socket and exits.
 */
import { SandboxClient } from './socket-client.mjs'

/** @typedef {import('./socket-client.mjs').VisitorEvent} VisitorEvent */
/** @typedef {import('./socket-client.mjs').AgentEvent} AgentEvent */

/**
 * @typedef {object} Agent
 * @property {string} name
 * @property {SandboxClient<AgentEvent>} [client] set once its socket is open
 * @property {Set<string>} accepted reservations offered to it, accepted or held
 * @property {Map<string, number>} seen the newest message index it saw, by chat
 */

/**
 * @typedef {object} Chat one chat as the bench sees it
 * @property {number} index
 * @property {string} chatSid
 * @property {SandboxClient<VisitorEvent>} [visitor] set once its socket is open
 * @property {Agent} [holder] the accepting agent
 * @property {number | undefined} joinedAt when the visitor saw the agent join; NaN if before its socket was ready
 * @property {number | undefined} acceptSentAt
 */

/**
 * What the orchestrator sends (`bench/sections/sandbox.mjs`).
 *
 * @typedef {{ cmd: 'setup' } | { cmd: 'relay', seconds: number, intervalMs: number } | { cmd: 'close' }} ClientsCommand
 */

/** @typedef {Awaited<ReturnType<typeof setup>>} SetupFigures */
/** @typedef {Awaited<ReturnType<typeof relay>>} RelayFigures */

/**
 * What this process answers: `ready` once, then one reply of the command's name per command, or `failed`.
 *
 * @typedef {{ type: 'ready' } | ({ type: 'setup' } & SetupFigures) | ({ type: 'relay' } & RelayFigures) | { type: 'failed', message: string }} ClientsReply
 */

if (!process.send) {
  throw new Error('Failed to start the bench clients: they must be forked (by bench/sections/sandbox.mjs) with IPC.')
}
const send = process.send.bind(process)
/** @param {ClientsReply} reply */
const answer = (reply) => send(reply)

const [baseUrl, chatsArg, agentsArg] = process.argv.slice(2)
if (baseUrl === undefined) {
  throw new Error('Failed to start the bench clients: no server URL (usage: clients.mjs <url> <chats> <agents>).')
}
const CHATS = Number(chatsArg)
/** The server created these agents with the capacity CHATS needs (see sandbox-server.ts). */
const AGENTS = Number(agentsArg)
const wsUrl = baseUrl.replace(/^http/, 'ws')
/** @type {(line: string) => void} */
const progress = process.env.BENCH_DEBUG ? (line) => process.stderr.write(`clients: ${line}\n`) : () => undefined
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `task(i)` for i in [0, count) with at most `limit` in flight.
 *
 * @param {number} count
 * @param {number} limit
 * @param {(i: number) => Promise<void>} task
 */
async function pool(count, limit, task) {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
}

/** @type {Chat[]} */
const chats = []
/** @type {Map<string, Chat>} */
const bySid = new Map()
/** @type {Agent[]} */
const agents = []
/** @type {{ visitorToAgent: number[], agentToVisitor: number[] }} */
const latency = { visitorToAgent: [], agentToVisitor: [] }
/** @type {Set<string>} "v|chat|seq|sentAt" / "a|chat|seq|sentAt" not yet received */
const pendingMessages = new Set()
/** @type {string[]} */
const errors = []

/** @type {Map<string, { agent: Agent, reservationSid: string }>} Offers whose visitor has not connected yet, by visitor name; accepted once it has. */
const heldOffers = new Map()
/** @type {Set<string>} Visitors connected and authenticated, by name. */
const readyVisitors = new Set()

/**
 * Accepts an offer, timing it. Offers wait until their visitor's socket is authenticated, so that every
 * accept → memberJoined time is measured (a real agent takes seconds to accept; the visitor is there).
 *
 * @param {Agent} agent
 * @param {string} reservationSid
 */
function accept(agent, reservationSid) {
  const sentAt = performance.now()
  if (!agent.client) {
    errors.push(`agent ${agent.name} could not accept: it was offered a chat before its socket was open`)
    return
  }
  agent.client
    .request({ type: 'accept', reservationSid })
    .then((task) => {
      const chat = bySid.get(task.chatSid)
      if (!chat) return
      chat.acceptSentAt = sentAt
      chat.holder = agent
    })
    .catch((/** @type {unknown} */ error) =>
      errors.push(`agent ${agent.name} could not accept: ${error instanceof Error ? error.message : error}`),
    )
}

/**
 * A visitor message the agent has not seen yet: its relay time, counted once (messageAdded or state).
 *
 * @param {string} body
 * @param {number} at
 */
function agentSees(body, at) {
  const [kind, , , sentAt] = body.split('|')
  if (kind === 'v' && pendingMessages.delete(body)) latency.visitorToAgent.push(at - Number(sentAt))
}

/**
 * @param {Agent} agent
 * @param {AgentEvent} frame
 * @param {number} at
 */
function onAgentEvent(agent, frame, at) {
  // Servers that send messageAdded relay each message at once; older ones only inside the debounced state,
  // which is still read below so the figure stays measurable against either.
  if (frame.type === 'messageAdded') {
    agentSees(frame.message.body, at)
    return
  }
  if (frame.type !== 'state') return
  for (const offer of frame.state.offers) {
    if (agent.accepted.has(offer.reservationSid)) continue
    agent.accepted.add(offer.reservationSid)
    if (readyVisitors.has(offer.visitorName)) accept(agent, offer.reservationSid)
    else heldOffers.set(offer.visitorName, { agent, reservationSid: offer.reservationSid })
  }
  for (const chat of frame.state.chats) {
    const last = agent.seen.get(chat.chatSid) ?? -1
    for (const message of chat.messages) {
      if (message.index <= last) continue
      agentSees(message.body, at)
    }
    const newest = chat.messages.at(-1)?.index
    if (newest !== undefined) agent.seen.set(chat.chatSid, Math.max(last, newest))
  }
}

/**
 * @param {Chat} chat
 * @param {VisitorEvent} frame
 * @param {number} at
 */
function onVisitorEvent(chat, frame, at) {
  if (frame.type === 'memberJoined' && frame.member.role === 'agent' && chat.joinedAt === undefined) chat.joinedAt = at
  if (frame.type === 'messageAdded') {
    const [kind, , , sentAt] = frame.message.body.split('|')
    if (kind === 'a' && pendingMessages.delete(frame.message.body)) latency.agentToVisitor.push(at - Number(sentAt))
  }
}

async function setup() {
  const started = performance.now()
  // Agents first, Available: each chat is then offered as it starts, as on a staffed contact centre.
  await pool(AGENTS, 25, async (i) => {
    /** @type {Agent} */
    const agent = { name: `Bench agent ${i + 1}`, accepted: new Set(), seen: new Map() }
    agent.client = await SandboxClient.connect(`${wsUrl}/sandbox/agent`, (/** @type {AgentEvent} */ frame, at) =>
      onAgentEvent(agent, frame, at),
    )
    agents.push(agent)
    await agent.client.request({ type: 'signIn', name: agent.name })
    await agent.client.request({ type: 'setActivity', activity: 'Available' })
    if (agents.length % 50 === 0) progress(`${agents.length} agents signed in`)
  })
  const agentsReady = performance.now()
  progress(`${AGENTS} agents Available after ${Math.round(agentsReady - started)} ms`)

  // Many at once: each router change costs the hub a state rebuild per agent, so fewer, fuller batches start faster.
  await pool(CHATS, 100, async (i) => {
    const response = await fetch(`${baseUrl}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${(i % 200) + 1}` },
      body: JSON.stringify({ visitorName: `Visitor ${i + 1}`, messageToHumanAgent: 'bench' }),
    })
    if (response.status !== 201) throw new Error(`POST /auth for chat ${i + 1} answered ${response.status}: ${await response.text()}`)
    const auth = await response.json()
    if (!isSandboxAuth(auth)) {
      throw new Error(`POST /auth for chat ${i + 1} answered without a sandbox chat: ${JSON.stringify(auth)}`)
    }
    /** @type {Chat} */
    const chat = { index: i, chatSid: auth.chatSid, joinedAt: undefined, acceptSentAt: undefined }
    chats.push(chat)
    bySid.set(chat.chatSid, chat)
    chat.visitor = await SandboxClient.connect(auth.sandboxUrl, (/** @type {VisitorEvent} */ frame, at) => onVisitorEvent(chat, frame, at))
    const ready = await chat.visitor.request({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
    // The agent may have accepted before the socket authenticated: the ready reply lists the members then.
    if (chat.joinedAt === undefined && ready.members.some((member) => member.role === 'agent')) chat.joinedAt = Number.NaN
    const name = `Visitor ${i + 1}`
    readyVisitors.add(name)
    const held = heldOffers.get(name)
    heldOffers.delete(name)
    if (held) accept(held.agent, held.reservationSid)
  })
  const chatsStarted = performance.now()
  progress(`${CHATS} chats started after ${Math.round(chatsStarted - agentsReady)} ms more`)

  const deadline = performance.now() + 60_000
  while (chats.some((chat) => chat.joinedAt === undefined) && performance.now() < deadline && errors.length === 0) await sleep(50)
  const unjoined = chats.filter((chat) => chat.joinedAt === undefined).length
  if (unjoined > 0) errors.push(`${unjoined} of ${CHATS} chats never saw an agent join within 60 s of starting`)
  const acceptToJoinedMs = chats.flatMap((chat) =>
    chat.joinedAt !== undefined && Number.isFinite(chat.joinedAt) && chat.acceptSentAt !== undefined
      ? [chat.joinedAt - chat.acceptSentAt]
      : [],
  )
  return {
    chats: CHATS,
    agents: AGENTS,
    acceptToJoinedMs,
    joinedBeforeVisitorConnected: chats.filter((chat) => Number.isNaN(chat.joinedAt)).length,
    agentsSignInMs: agentsReady - started,
    chatsStartMs: chatsStarted - agentsReady,
    allJoinedMs: performance.now() - started,
    errors: errors.splice(0),
  }
}

/** @param {{ seconds: number, intervalMs: number }} options */
async function relay({ seconds, intervalMs }) {
  latency.visitorToAgent = []
  latency.agentToVisitor = []
  let sent = 0
  const end = performance.now() + seconds * 1000
  /** @type {NodeJS.Timeout[]} */
  const timers = []
  /** @type {Promise<unknown>[]} */
  const sends = []
  for (const chat of chats) {
    for (const kind of ['v', 'a']) {
      let seq = 0
      const tick = () => {
        if (performance.now() >= end) return
        const holder = chat.holder
        const body = `${kind}|${chat.index}|${seq++}|${performance.now()}`
        pendingMessages.add(body)
        sent++
        const request =
          kind === 'v'
            ? chat.visitor
              ? chat.visitor.request({ type: 'send', body, attributes: {} })
              : Promise.reject(new Error(`chat ${chat.chatSid} has no visitor socket`))
            : holder?.client
              ? holder.client.request({ type: 'send', chatSid: chat.chatSid, body })
              : Promise.reject(new Error(`no agent is known to hold chat ${chat.chatSid}`))
        sends.push(
          request.catch((/** @type {unknown} */ error) => errors.push(`send failed: ${error instanceof Error ? error.message : error}`)),
        )
        timers.push(setTimeout(tick, intervalMs))
      }
      timers.push(setTimeout(tick, Math.random() * intervalMs))
    }
  }
  await sleep(seconds * 1000)
  for (const timer of timers) clearTimeout(timer)
  await Promise.all(sends)
  // Stragglers: give the last messages time to arrive before calling them lost.
  const deadline = performance.now() + 5000
  while (pendingMessages.size > 0 && performance.now() < deadline) await sleep(20)
  const lost = pendingMessages.size
  if (lost > 0) errors.push(`${lost} of ${sent} messages never arrived (e.g. ${[...pendingMessages].slice(0, 3).join(', ')})`)
  pendingMessages.clear()
  return { sent, visitorToAgentMs: latency.visitorToAgent, agentToVisitorMs: latency.agentToVisitor, lost, errors: errors.splice(0) }
}

/**
 * The orchestrator is the only sender: an object is one of its commands.
 *
 * @param {unknown} message
 * @returns {message is ClientsCommand}
 */
const isCommand = (message) => typeof message === 'object' && message !== null

/**
 * @param {unknown} auth
 * @returns {auth is { chatSid: string, token: string, sandboxUrl: string }}
 */
function isSandboxAuth(auth) {
  return (
    typeof auth === 'object' &&
    auth !== null &&
    'chatSid' in auth &&
    typeof auth.chatSid === 'string' &&
    'token' in auth &&
    typeof auth.token === 'string' &&
    'sandboxUrl' in auth &&
    typeof auth.sandboxUrl === 'string'
  )
}

process.on('message', async (message) => {
  try {
    if (!isCommand(message)) throw new Error(`unknown message ${JSON.stringify(message)}`)
    if (message.cmd === 'setup') answer({ type: 'setup', ...(await setup()) })
    else if (message.cmd === 'relay') answer({ type: 'relay', ...(await relay(message)) })
    else if (message.cmd === 'close') {
      for (const chat of chats) chat.visitor?.close()
      for (const agent of agents) agent.client?.close()
      process.exit(0)
    }
  } catch (error) {
    answer({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  }
})
process.on('disconnect', () => process.exit(0))
answer({ type: 'ready' })
