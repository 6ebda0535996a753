import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { API_KEY_SECRET, SESSION_SECRET, SIDS, TEST_ENV } from '../../test/harness.js'
import { server } from '../../test/msw-server.js'
import { accountRoutes, FAKE_AUTH_TOKEN } from '../../test/twilio/fake-account.js'
import { FakeTwilio } from '../../test/twilio/twilio-fake.js'
import { main } from './cli.js'

const sid = (prefix: string, digit: string) => prefix + digit.repeat(32)
const OTHER = { workspace: sid('WS', '1'), workflow: sid('WW', '1'), queue: sid('WQ', '2'), service: sid('IS', '1') }
const AUTH_TOKEN = 'ab'.repeat(16)
// An empty working directory: no developer's .env reaches these runs.
const cwd = mkdtempSync(join(tmpdir(), 'fe-doctor-'))

let fake: FakeTwilio
beforeEach(() => {
  fake = new FakeTwilio({ defaultQueueSid: SIDS.defaultQueue, topicQueues: { billing: SIDS.billingQueue } })
  server.use(...fake.handlers)
})
afterEach(() => {
  expect(fake.violations).toEqual([])
})

/** Runs the doctor in-process on TEST_ENV with `env` over it; no secret may appear in what it prints. */
async function doctor(env: Record<string, string> = {}) {
  let out = ''
  const code = await main(
    [],
    { ...TEST_ENV, ...env },
    (text) => {
      out += text
    },
    { cwd },
  )
  for (const secret of [API_KEY_SECRET, SESSION_SECRET, AUTH_TOKEN, FAKE_AUTH_TOKEN, env.TWILIO_API_KEY_SECRET]) {
    if (secret) expect(out).not.toContain(secret)
  }
  const lines = out.trimEnd().split('\n')
  return { code, out, lines, summary: lines.at(-1) }
}

/** The line that starts with `start`, and its indented `fix:` and `found:` lines. */
function block(lines: string[], start: string): { line: string; fix: string | undefined; found: string | undefined } {
  const at = lines.findIndex((l) => l.startsWith(start))
  if (at < 0) throw new Error(`no line starts with ${start}:\n${lines.join('\n')}`)
  const below = lines.slice(at + 1, at + 3)
  const indented = (key: string) => below.find((l) => l.startsWith(`  ${key}: `))?.slice(key.length + 4)
  return { line: lines[at]!, fix: indented('fix'), found: indented('found') }
}

const addOtherWorkspace = () =>
  fake.account.workspaces.push({
    sid: OTHER.workspace,
    friendlyName: 'Other',
    eventCallbackUrl: null,
    eventsFilter: null,
    workflows: [{ sid: OTHER.workflow, friendlyName: 'Other routing' }],
    taskChannels: [],
    queues: [{ sid: OTHER.queue, friendlyName: 'Other queue' }],
  })

describe('doctor on a correct account', () => {
  it('passes every check on Conversations, exit 0', async () => {
    const { code, lines, summary } = await doctor()
    expect(lines.filter((l) => l !== '' && l !== summary).every((l) => l.startsWith('✔ '))).toBe(true)
    expect(lines).toContain(`✔ TWILIO_CHAT_SERVICE_SID=${SIDS.chatService} 'Flex Chat Service' is Flex's chat service`)
    expect(lines).toContain(`✔ TWILIO_CHAT_SERVICE_SID=${SIDS.chatService} is the account's default Conversations service`)
    expect(lines).toContain(`✔ TWILIO_WORKSPACE_SID=${SIDS.workspace} 'Flex Task Assignment' is Flex's TaskRouter workspace`)
    expect(lines).toContain(
      `✔ TWILIO_WORKFLOW_SID=${SIDS.workflow} 'Assign to Anyone' is a workflow of workspace ${SIDS.workspace} 'Flex Task Assignment'`,
    )
    expect(lines).toContain(`✔ workspace ${SIDS.workspace} 'Flex Task Assignment' has the task channel 'chat'`)
    expect(lines).toContain(
      `✔ TWILIO_TOPIC_QUEUES billing=${SIDS.billingQueue} 'Billing' is a task queue of workspace ${SIDS.workspace} 'Flex Task Assignment'`,
    )
    expect(summary).toBe('10 checks passed, 0 failed')
    expect(code).toBe(0)
  })

  it('passes every check on Programmable Chat, the Flex Flow included, exit 0', async () => {
    const { code, lines, summary } = await doctor({ TWILIO_CHAT_API: 'programmable-chat' })
    expect(lines).toContain(
      `✔ Flex Flow TWILIO_FLEX_FLOW_SID=${SIDS.flexFlow} 'Flex Web Channel Flow' is enabled, on TWILIO_CHAT_SERVICE_SID`,
    )
    expect(lines.some((l) => l.includes('default Conversations service') || l.includes('TWILIO_WORKFLOW_SID'))).toBe(false)
    expect(summary).toBe('9 checks passed, 0 failed')
    expect(code).toBe(0)
  })

  it('names the account with a Main key, and never prints the auth token the account resource carries', async () => {
    fake.account.apiKeys[0]!.type = 'main'
    const { code, lines } = await doctor()
    expect(lines[1]).toBe(
      `✔ API key TWILIO_API_KEY_SID=${SIDS.apiKey} authenticates for account ${SIDS.account} 'Flex Escalate test account'`,
    )
    expect(code).toBe(0)
  })

  it('reads only, with the API key', async () => {
    await doctor({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })
    const operations = [...fake.log.calls.keys()]
    expect(operations.length).toBeGreaterThan(5)
    expect(operations.every((id) => id.startsWith('GET '))).toBe(true)
    expect(fake.tasks).toEqual([])
  })
})

describe('the configuration', () => {
  it('stops at a SID of the wrong kind, before any Twilio call', async () => {
    const { code, lines } = await doctor({ TWILIO_CHAT_SERVICE_SID: sid('CH', '0') })
    expect(lines[0]).toBe('✘ the configuration does not load: TWILIO_CHAT_SERVICE_SID must look like IS followed by 32 hex characters')
    expect(lines[1]).toBe('  fix: set TWILIO_CHAT_SERVICE_SID in .env or the environment (.env-sample describes every variable)')
    expect(lines.at(-1)).toBe('0 checks passed, 1 failed')
    expect(fake.log.calls.size).toBe(0)
    expect(code).toBe(1)
  })

  it('explains that a sandbox configuration is not what it checks, naming what is missing', async () => {
    let out = ''
    const code = await main(
      [],
      { SESSION_TOKEN_SECRET: SESSION_SECRET, TWILIO_CHAT_API: 'programmable-chat' },
      (t) => {
        out += t
      },
      {
        cwd,
      },
    )
    expect(out).toBe(
      [
        '✘ this configuration runs the local sandbox, and doctor checks a Twilio configuration: TWILIO_ACCOUNT_SID is not set (FLEX_MODE=auto)',
        '  fix: set TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_CHAT_SERVICE_SID, TWILIO_FLEX_FLOW_SID, TWILIO_WORKSPACE_SID in .env or the environment (.env-sample describes them)',
        '',
        '0 checks passed, 1 failed',
        '',
      ].join('\n'),
    )
    expect(code).toBe(1)
  })
})

describe('the API key', () => {
  it('fails a key Twilio does not authenticate (401, 20003) and prints every later Twilio check as skipped', async () => {
    const { code, lines, summary } = await doctor({ TWILIO_API_KEY_SECRET: 'not-the-secret-of-this-key-0123456789' })
    const { line, fix } = block(lines, '✘ API key')
    expect(line).toBe(
      `✘ API key TWILIO_API_KEY_SID=${SIDS.apiKey} does not authenticate for account ${SIDS.account}: Twilio answered 401 (error 20003: Authenticate)`,
    )
    expect(fix).toContain('create an API key (Standard) in Console > Admin > Account management > API keys & tokens')
    expect(fix).toContain('`twilio api:core:keys:create --friendly-name flex-escalate`')
    expect(lines.filter((l) => l.endsWith('(skipped: the API key does not authenticate)'))).toHaveLength(7)
    expect(lines).toContain(
      `- TWILIO_WORKFLOW_SID=${SIDS.workflow} is a workflow of the workspace (skipped: the API key does not authenticate)`,
    )
    // The webhook line needs no Twilio without an auth token.
    expect(lines.at(-3)).toMatch(/^✔ the webhooks are off/)
    expect(summary).toBe('2 checks passed, 1 failed, 7 skipped')
    expect(code).toBe(1)
  })

  it('fails a key of another account, naming it', async () => {
    const other = sid('AC', '1')
    fake.account.sid = other
    const { code, lines } = await doctor()
    const { line, fix } = block(lines, '✘ API key')
    expect(line).toBe(`✘ API key TWILIO_API_KEY_SID=${SIDS.apiKey} belongs to account ${other}, not TWILIO_ACCOUNT_SID=${SIDS.account}`)
    expect(fix).toMatch(new RegExp(`^set TWILIO_ACCOUNT_SID=${other}, or, in account ${SIDS.account}, create an API key`))
    expect(lines.filter((l) => l.endsWith('(skipped: the API key is of another account)'))).toHaveLength(7)
    expect(code).toBe(1)
  })

  it('says so when Twilio cannot be reached, and skips the rest', async () => {
    server.use(http.get(/^https:\/\/[a-z-]+\.twilio\.com\//, () => HttpResponse.error()))
    const { code, lines } = await doctor()
    expect(lines[1]).toMatch(
      /^✘ Failed to reach Twilio: .+\. Please check the network, or set HTTP_PROXY if Twilio is reached through a proxy\.$/,
    )
    expect(lines[1]).not.toMatch(/\n|at .*\.js/)
    expect(lines.filter((l) => l.endsWith('(skipped: Twilio could not be reached)'))).toHaveLength(7)
    expect(code).toBe(1)
  })
})

describe('the chat service', () => {
  it("fails one that is neither Flex's nor the default, listing both services", async () => {
    fake.account.chatServices.push({ sid: OTHER.service, friendlyName: 'Old' })
    const { code, lines } = await doctor({ TWILIO_CHAT_SERVICE_SID: OTHER.service })
    const flex = block(lines, '✘ TWILIO_CHAT_SERVICE_SID')
    expect(flex.line).toBe(
      `✘ TWILIO_CHAT_SERVICE_SID=${OTHER.service} 'Old' is not Flex's chat service: Flex's is ${SIDS.chatService} 'Flex Chat Service'`,
    )
    expect(flex.fix).toMatch(new RegExp(`^set TWILIO_CHAT_SERVICE_SID=${SIDS.chatService}, Flex's chat service`))
    const listed = `this account has 2 Conversations services: ${SIDS.chatService} 'Flex Chat Service' (Flex, default), ${OTHER.service} 'Old'`
    expect(flex.found).toBe(listed)
    const byDefault = block(lines, "✘ the account's default Conversations service")
    expect(byDefault.line).toBe(
      `✘ the account's default Conversations service is ${SIDS.chatService} 'Flex Chat Service', not TWILIO_CHAT_SERVICE_SID=${OTHER.service}`,
    )
    expect(byDefault.fix).toBe(`set TWILIO_CHAT_SERVICE_SID=${SIDS.chatService}, the default and Flex's chat service`)
    expect(byDefault.found).toBe(listed)
    expect(code).toBe(1)
  })

  it("fails Flex's service when it is not the default Conversations service", async () => {
    fake.account.chatServices.push({ sid: OTHER.service, friendlyName: 'Old' })
    fake.account.defaultConversationsServiceSid = OTHER.service
    const { code, lines } = await doctor()
    expect(lines).toContain(`✔ TWILIO_CHAT_SERVICE_SID=${SIDS.chatService} 'Flex Chat Service' is Flex's chat service`)
    const { line, fix, found } = block(lines, "✘ the account's default")
    expect(line).toBe(
      `✘ the account's default Conversations service is ${OTHER.service} 'Old', not TWILIO_CHAT_SERVICE_SID=${SIDS.chatService}`,
    )
    expect(fix).toContain(`Console > Conversations > Manage > Defaults`)
    expect(fix).toContain(`\`twilio api:conversations:v1:configuration:update --default-chat-service-sid ${SIDS.chatService}\``)
    expect(found).toBe(
      `this account has 2 Conversations services: ${SIDS.chatService} 'Flex Chat Service' (Flex), ${OTHER.service} 'Old' (default)`,
    )
    expect(code).toBe(1)
  })

  it('fails a service the account does not have, on Programmable Chat too', async () => {
    const unknown = sid('IS', '9')
    const { code, lines } = await doctor({ TWILIO_CHAT_API: 'programmable-chat', TWILIO_CHAT_SERVICE_SID: unknown })
    const { line, found } = block(lines, '✘ TWILIO_CHAT_SERVICE_SID')
    expect(line).toBe(`✘ TWILIO_CHAT_SERVICE_SID=${unknown} is not a Programmable Chat service of account ${SIDS.account}`)
    expect(found).toBe(`this account has 1 Programmable Chat service: ${SIDS.chatService} 'Flex Chat Service' (Flex)`)
    expect(code).toBe(1)
  })
})

describe('the workspace and what is in it', () => {
  it('fails a workspace the account does not have, and skips what is inside it', async () => {
    const unknown = sid('WS', '9')
    const { code, lines } = await doctor({ TWILIO_WORKSPACE_SID: unknown })
    const { line, fix, found } = block(lines, '✘ TWILIO_WORKSPACE_SID')
    expect(line).toBe(`✘ TWILIO_WORKSPACE_SID=${unknown} is not a TaskRouter workspace of account ${SIDS.account}`)
    expect(fix).toMatch(new RegExp(`^set TWILIO_WORKSPACE_SID=${SIDS.workspace}, Flex's workspace`))
    expect(found).toBe(`this account has 1 workspace: ${SIDS.workspace} 'Flex Task Assignment' (Flex)`)
    expect(lines.filter((l) => l.endsWith('(skipped: TWILIO_WORKSPACE_SID could not be read)'))).toHaveLength(4)
    expect(code).toBe(1)
  })

  it('fails a workflow of another workspace, naming that workspace and listing the workflows of this one', async () => {
    addOtherWorkspace()
    const { code, lines } = await doctor({ TWILIO_WORKFLOW_SID: OTHER.workflow })
    const { line, fix, found } = block(lines, '✘ TWILIO_WORKFLOW_SID')
    expect(line).toBe(
      `✘ TWILIO_WORKFLOW_SID=${OTHER.workflow} belongs to workspace ${OTHER.workspace} 'Other', not TWILIO_WORKSPACE_SID=${SIDS.workspace} 'Flex Task Assignment'`,
    )
    expect(found).toBe(`workspace ${SIDS.workspace} 'Flex Task Assignment' has 1 workflow: ${SIDS.workflow} 'Assign to Anyone'`)
    expect(fix).toContain('Console > TaskRouter > Workspaces > Workflows')
    expect(fix).toContain(`\`twilio api:taskrouter:v1:workspaces:workflows:create --workspace-sid ${SIDS.workspace} `)
    expect(code).toBe(1)
  })

  it('fails a queue of another workspace and an unknown one, naming the variable and the topic', async () => {
    addOtherWorkspace()
    const unknown = sid('WQ', '9')
    const { code, lines, summary } = await doctor({ TWILIO_QUEUE_SID: OTHER.queue, TWILIO_TOPIC_QUEUES: `billing=${unknown}` })
    const elsewhere = block(lines, '✘ TWILIO_QUEUE_SID')
    expect(elsewhere.line).toBe(
      `✘ TWILIO_QUEUE_SID=${OTHER.queue} belongs to workspace ${OTHER.workspace} 'Other', not TWILIO_WORKSPACE_SID=${SIDS.workspace} 'Flex Task Assignment'`,
    )
    const queues = `workspace ${SIDS.workspace} 'Flex Task Assignment' has 2 task queues: ${SIDS.defaultQueue} 'Everyone', ${SIDS.billingQueue} 'Billing'`
    expect(elsewhere.found).toBe(queues)
    const nowhere = block(lines, '✘ TWILIO_TOPIC_QUEUES')
    expect(nowhere.line).toBe(
      `✘ TWILIO_TOPIC_QUEUES billing=${unknown} is not a task queue of workspace ${SIDS.workspace} 'Flex Task Assignment', nor of any other workspace of account ${SIDS.account}`,
    )
    expect(nowhere.found).toBe(queues)
    expect(nowhere.fix).toContain('`twilio api:taskrouter:v1:workspaces:task-queues:create')
    expect(summary).toBe('8 checks passed, 2 failed')
    expect(code).toBe(1)
  })

  it("fails a workspace without the task channel 'chat', listing the ones it has", async () => {
    const workspace = fake.account.workspaces[0]!
    workspace.taskChannels = workspace.taskChannels.filter((c) => c.uniqueName === 'default' || c.uniqueName === 'voice')
    const { code, lines } = await doctor()
    const { line, fix, found } = block(lines, '✘ workspace')
    expect(line).toBe(`✘ workspace ${SIDS.workspace} 'Flex Task Assignment' has no task channel 'chat', which Flex chat tasks go to`)
    expect(fix).toBe(
      `\`twilio api:taskrouter:v1:workspaces:task-channels:create --workspace-sid ${SIDS.workspace} --unique-name chat --friendly-name Chat\``,
    )
    expect(found).toBe("it has 2 task channels: default 'Default', voice 'Voice'")
    expect(code).toBe(1)
  })
})

describe('the Flex Flow (Programmable Chat)', () => {
  const legacy = { TWILIO_CHAT_API: 'programmable-chat' }

  it('fails a disabled one', async () => {
    fake.account.flexFlows[0]!.enabled = false
    const { code, lines } = await doctor(legacy)
    const { line, fix, found } = block(lines, '✘ Flex Flow')
    expect(line).toBe(`✘ Flex Flow TWILIO_FLEX_FLOW_SID=${SIDS.flexFlow} 'Flex Web Channel Flow' is disabled`)
    expect(fix).toBe(`\`twilio api:flex:v1:flex-flows:update --sid ${SIDS.flexFlow} --enabled\``)
    expect(found).toBe(`this account has 1 Flex Flow: ${SIDS.flexFlow} 'Flex Web Channel Flow' (disabled, web, on ${SIDS.chatService})`)
    expect(code).toBe(1)
  })

  it('fails one on another chat service', async () => {
    fake.account.chatServices.push({ sid: OTHER.service, friendlyName: 'Old' })
    fake.account.flexFlows[0]!.chatServiceSid = OTHER.service
    const { code, lines } = await doctor(legacy)
    const { line, fix } = block(lines, '✘ Flex Flow')
    expect(line).toBe(
      `✘ Flex Flow TWILIO_FLEX_FLOW_SID=${SIDS.flexFlow} 'Flex Web Channel Flow' posts to chat service ${OTHER.service}, not TWILIO_CHAT_SERVICE_SID=${SIDS.chatService}`,
    )
    expect(fix).toContain(`\`twilio api:flex:v1:flex-flows:update --sid ${SIDS.flexFlow} --chat-service-sid ${SIDS.chatService}\``)
    expect(code).toBe(1)
  })

  it('fails an unknown one, listing the flows', async () => {
    const unknown = sid('FO', '9')
    const { lines } = await doctor({ ...legacy, TWILIO_FLEX_FLOW_SID: unknown })
    const { line, found } = block(lines, '✘ TWILIO_FLEX_FLOW_SID')
    expect(line).toBe(`✘ TWILIO_FLEX_FLOW_SID=${unknown} is not a Flex Flow of account ${SIDS.account}`)
    expect(found).toBe(`this account has 1 Flex Flow: ${SIDS.flexFlow} 'Flex Web Channel Flow' (enabled, web, on ${SIDS.chatService})`)
  })
})

describe('the webhooks (with TWILIO_AUTH_TOKEN)', () => {
  const callback = 'https://chat.example.com/webhooks/twilio/taskrouter'

  it('fails a workspace without an event callback', async () => {
    const { code, lines } = await doctor({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })
    const { line, fix } = block(lines, '✘ workspace')
    expect(line).toBe(
      `✘ workspace ${SIDS.workspace} 'Flex Task Assignment' has no event callback URL, so the server never hears of task.canceled, workflow.timeout`,
    )
    expect(fix).toMatch(
      new RegExp(
        `^\`twilio api:taskrouter:v1:workspaces:update --sid ${SIDS.workspace} --event-callback-url https://<this server>/webhooks/twilio/taskrouter --events-filter task.canceled,workflow.timeout\` \\(or Console > TaskRouter > Workspaces > Flex Task Assignment > Settings > Event callbacks`,
      ),
    )
    expect(code).toBe(1)
  })

  it('passes the callback of TWILIO_WEBHOOK_URL with every give-up event in the filter', async () => {
    Object.assign(fake.account.workspaces[0]!, { eventCallbackUrl: callback, eventsFilter: 'task.created,task.canceled,workflow.timeout' })
    const { code, lines } = await doctor({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: 'https://chat.example.com/' })
    expect(lines).toContain(
      '✔ TWILIO_WEBHOOK_URL=https://chat.example.com is the public https base URL: Twilio posts to https://chat.example.com/webhooks/twilio/taskrouter',
    )
    expect(lines).toContain(`✔ workspace ${SIDS.workspace} 'Flex Task Assignment' posts task.canceled, workflow.timeout to ${callback}`)
    expect(code).toBe(0)
  })

  it('fails a callback elsewhere whose filter leaves out a give-up event, keeping the events it has', async () => {
    Object.assign(fake.account.workspaces[0]!, {
      eventCallbackUrl: 'https://old.example.com/taskrouter',
      eventsFilter: 'task.created,task.canceled',
    })
    const { lines } = await doctor({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_WEBHOOK_URL: 'https://chat.example.com' })
    const { line, fix } = block(lines, '✘ workspace')
    expect(line).toBe(
      `✘ workspace ${SIDS.workspace} 'Flex Task Assignment' posts its events to https://old.example.com/taskrouter, not to ${callback}; its events filter (task.created,task.canceled) leaves out workflow.timeout`,
    )
    expect(fix).toContain(`--event-callback-url ${callback} --events-filter task.created,task.canceled,workflow.timeout\``)
  })

  it('masks a password in the event callback URL', async () => {
    fake.account.workspaces[0]!.eventCallbackUrl = 'https://twilio:hunter2-webhook-password@chat.example.com/webhooks/twilio/taskrouter'
    const { out, code } = await doctor({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })
    expect(out).toContain('https://twilio:***@chat.example.com/webhooks/twilio/taskrouter')
    expect(out).not.toContain('hunter2')
    expect(code).toBe(0)
  })
})

describe('the fake account', () => {
  it('answers 401 (20003) on every one of its routes to a wrong key, and not to the right one', async () => {
    const handlers = accountRoutes(fake.log, fake.account)
    expect(handlers).toHaveLength(16)
    const basic = (secret: string) => `Basic ${Buffer.from(`${SIDS.apiKey}:${secret}`).toString('base64')}`
    for (const handler of handlers) {
      const url = String(handler.info.path).replace(/:(\w+)/g, (_, name: string) => (name === 'Sid' ? SIDS.account : SIDS.workspace))
      const wrong = await fetch(url, { headers: { authorization: basic('wrong-secret-0123456789abcdef') } })
      expect([url, wrong.status, ((await wrong.json()) as { code: number }).code]).toEqual([url, 401, 20003])
      const anonymous = await fetch(url)
      expect([url, anonymous.status]).toEqual([url, 401])
      const right = await fetch(url, { headers: { authorization: basic(API_KEY_SECRET) } })
      expect([url, right.status === 401]).toEqual([url, url.endsWith('.json')])
    }
  })
})
