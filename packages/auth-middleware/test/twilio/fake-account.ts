import type { HttpHandler } from 'msw'
import type { SpecName } from './openapi-spec.js'
import { type FakeReply, type FakeRequest, type RouteLog, twilioError, twilioRoute } from './twilio-route.js'

/**
 * The account side of the fake Twilio: what `doctor` reads (the account, Flex's configuration, chat services,
 * workspaces and what is in them, Flex Flows). Tests change this state to misconfigure the account; every route
 * answers 401 (Twilio error 20003) unless the request carries one of `apiKeys`.
 */
export interface FakeAccount {
  sid: string
  friendlyName: string
  /** Keys that authenticate. A `standard` key may not read the account resource itself, as on Twilio. */
  apiKeys: { sid: string; secret: string; type: 'main' | 'standard' }[]
  /** The Auth Token the account resource carries: doctor must never print it. */
  authToken: string
  /** Flex's configuration: its chat service and TaskRouter workspace. */
  flex: { chatServiceSid: string | null; workspaceSid: string | null }
  /** Chat services: Conversations and Programmable Chat v2 see the same ones (both are `IS…`). */
  chatServices: FakeNamed[]
  /** `default_chat_service_sid` of the Conversations configuration. */
  defaultConversationsServiceSid: string | null
  workspaces: FakeWorkspace[]
  flexFlows: FakeFlexFlow[]
}

export interface FakeNamed {
  sid: string
  friendlyName: string
}

export interface FakeWorkspace extends FakeNamed {
  eventCallbackUrl: string | null
  /** Comma-separated events, as Twilio keeps it; null: every event. */
  eventsFilter: string | null
  workflows: FakeNamed[]
  taskChannels: (FakeNamed & { uniqueName: string })[]
  queues: FakeNamed[]
}

export interface FakeFlexFlow extends FakeNamed {
  chatServiceSid: string
  enabled: boolean
}

// The same values as test/harness.ts SIDS and API_KEY_SECRET: the harness imports the fake, so not from there.
const zeros = (prefix: string) => prefix + '0'.repeat(32)
const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1)
export const FAKE_API_KEY_SECRET = 'test-api-key-secret-0123456789abcdef'
export const FAKE_AUTH_TOKEN = 'f0'.repeat(16)

/**
 * A correctly configured Flex account for the harness's TEST_ENV: its API key, Flex Chat Service (the default
 * Conversations service), workspace with workflow, `chat` task channel and the queues of `queues`, a Flex Flow.
 *
 * @example
 * const account = defaultFakeAccount(ACCOUNT_SID, { defaultQueueSid: SIDS.defaultQueue, topicQueues: { billing: SIDS.billingQueue } })
 */
export function defaultFakeAccount(sid: string, queues: { defaultQueueSid: string; topicQueues?: Record<string, string> }): FakeAccount {
  const chatService = { sid: zeros('IS'), friendlyName: 'Flex Chat Service' }
  const topics = Object.entries(queues.topicQueues ?? {}).map(([topic, queueSid]) => ({ sid: queueSid, friendlyName: title(topic) }))
  // The task channels a new Flex account's "Flex Task Assignment" workspace has.
  const channels = ['default', 'voice', 'chat', 'sms', 'video', 'email']
  return {
    sid,
    friendlyName: 'Flex Escalate test account',
    apiKeys: [{ sid: zeros('SK'), secret: FAKE_API_KEY_SECRET, type: 'standard' }],
    authToken: FAKE_AUTH_TOKEN,
    flex: { chatServiceSid: chatService.sid, workspaceSid: zeros('WS') },
    chatServices: [chatService],
    defaultConversationsServiceSid: chatService.sid,
    workspaces: [
      {
        sid: zeros('WS'),
        friendlyName: 'Flex Task Assignment',
        eventCallbackUrl: null,
        eventsFilter: null,
        workflows: [{ sid: zeros('WW'), friendlyName: 'Assign to Anyone' }],
        taskChannels: channels.map((name, i) => ({ sid: `TC${String(i).repeat(32)}`, uniqueName: name, friendlyName: title(name) })),
        queues: [{ sid: queues.defaultQueueSid, friendlyName: 'Everyone' }, ...topics],
      },
    ],
    flexFlows: [{ sid: zeros('FO'), friendlyName: 'Flex Web Channel Flow', chatServiceSid: chatService.sid, enabled: true }],
  }
}

/** The key of a request's Basic credentials, if they are one of the account's keys. */
function keyOf(account: FakeAccount, authorization: string | null): FakeAccount['apiKeys'][number] | undefined {
  const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1]
  if (!basic) return undefined
  const decoded = Buffer.from(basic, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return account.apiKeys.find((k) => k.sid === decoded.slice(0, colon) && k.secret === decoded.slice(colon + 1))
}

// https://www.twilio.com/docs/api/errors/20003
const unauthenticated = () => twilioError(401, 20003, 'Authenticate')
const notFound = (path: string) => twilioError(404, 20404, `The requested resource ${path} was not found`)
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

function page(url: string, key: string, items: unknown[]): FakeReply {
  const pageUrl = `${url}?PageSize=50&Page=0`
  const meta = { first_page_url: pageUrl, key, next_page_url: null, page: 0, page_size: 50, previous_page_url: null, url: pageUrl }
  return { status: 200, body: { [key]: items, meta } }
}

/**
 * Registers the account's read-only routes, each through {@link twilioRoute} (held to Twilio's spec, logged in
 * `log`), and returns their msw handlers. They read `account` on every request, so tests can change it.
 *
 * @example
 * this.handlers.push(...accountRoutes(this.log, this.account))
 */
export function accountRoutes(log: RouteLog, account: FakeAccount): HttpHandler[] {
  const handlers: HttpHandler[] = []
  const route = (spec: SpecName, path: string, respond: (request: FakeRequest) => FakeReply) => {
    const guarded = (request: FakeRequest) => (keyOf(account, request.authorization) ? respond(request) : unauthenticated())
    handlers.push(twilioRoute(log, spec, 'get', path, guarded).handler)
  }
  const common = (url: string) => ({ account_sid: account.sid, date_created: now(), date_updated: now(), url })
  const tr = 'https://taskrouter.twilio.com/v1/Workspaces'
  const workspace = (sid: string | undefined) => account.workspaces.find((w) => w.sid === sid)

  route('twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', ({ params, authorization }) => {
    // Standard keys may use every resource except the account's own: https://www.twilio.com/docs/iam/api-keys/key-resource-v1
    if (keyOf(account, authorization)?.type !== 'main' || params.Sid !== account.sid) return unauthenticated()
    const [sid, date] = [account.sid, new Date().toUTCString()]
    const body = { sid, owner_account_sid: sid, friendly_name: account.friendlyName, auth_token: account.authToken, status: 'active' }
    return { status: 200, body: { ...body, type: 'Full', date_created: date, date_updated: date, uri: `/2010-04-01/Accounts/${sid}.json` } }
  })

  route('twilio_flex_v1', '/v1/Configuration', () => {
    const body = {
      ...common('https://flex-api.twilio.com/v1/Configuration'),
      status: 'ok',
      chat_service_instance_sid: account.flex.chatServiceSid,
      taskrouter_workspace_sid: account.flex.workspaceSid,
    }
    return { status: 200, body }
  })
  const flexFlowBody = (f: FakeFlexFlow) => ({
    ...common(`https://flex-api.twilio.com/v1/FlexFlows/${f.sid}`),
    sid: f.sid,
    friendly_name: f.friendlyName,
    chat_service_sid: f.chatServiceSid,
    channel_type: 'web',
    enabled: f.enabled,
    integration_type: 'task',
    integration: { workspace_sid: account.flex.workspaceSid, channel: 'chat' },
    long_lived: false,
  })
  route('twilio_flex_v1', '/v1/FlexFlows/{Sid}', ({ params }) => {
    const flow = account.flexFlows.find((f) => f.sid === params.Sid)
    return flow ? { status: 200, body: flexFlowBody(flow) } : notFound(`/v1/FlexFlows/${params.Sid}`)
  })
  route('twilio_flex_v1', '/v1/FlexFlows', () =>
    page('https://flex-api.twilio.com/v1/FlexFlows', 'flex_flows', account.flexFlows.map(flexFlowBody)),
  )

  route('twilio_conversations_v1', '/v1/Configuration', () => {
    const body = {
      account_sid: account.sid,
      default_chat_service_sid: account.defaultConversationsServiceSid,
      url: 'https://conversations.twilio.com/v1/Configuration',
      links: {},
    }
    return { status: 200, body }
  })
  for (const [spec, base] of [
    ['twilio_conversations_v1', 'https://conversations.twilio.com/v1/Services'],
    ['twilio_chat_v2', 'https://chat.twilio.com/v2/Services'],
  ] as const) {
    const serviceBody = (s: FakeNamed) => ({ ...common(`${base}/${s.sid}`), sid: s.sid, friendly_name: s.friendlyName, links: {} })
    const path = new URL(base).pathname
    route(spec, `${path}/{Sid}`, ({ params }) => {
      const service = account.chatServices.find((s) => s.sid === params.Sid)
      return service ? { status: 200, body: serviceBody(service) } : notFound(`${path}/${params.Sid}`)
    })
    route(spec, path, () => page(base, 'services', account.chatServices.map(serviceBody)))
  }

  const workspaceBody = (w: FakeWorkspace) => ({
    ...common(`${tr}/${w.sid}`),
    sid: w.sid,
    friendly_name: w.friendlyName,
    event_callback_url: w.eventCallbackUrl,
    events_filter: w.eventsFilter,
    multi_task_enabled: true,
    prioritize_queue_order: 'FIFO',
    links: {},
  })
  route('twilio_taskrouter_v1', '/v1/Workspaces/{Sid}', ({ params }) => {
    const w = workspace(params.Sid)
    return w ? { status: 200, body: workspaceBody(w) } : notFound(`/v1/Workspaces/${params.Sid}`)
  })
  route('twilio_taskrouter_v1', '/v1/Workspaces', () => page(tr, 'workspaces', account.workspaces.map(workspaceBody)))

  // What lives in a workspace: a SID answers only inside its own workspace, as on Twilio.
  const collection = <T extends FakeNamed>(
    name: 'Workflows' | 'TaskQueues' | 'TaskChannels',
    key: string,
    items: (w: FakeWorkspace) => T[],
    extra: (w: FakeWorkspace, item: T) => object,
  ) => {
    const path = `/v1/Workspaces/{WorkspaceSid}/${name}`
    const body = (w: FakeWorkspace, item: T) => ({
      ...common(`${tr}/${w.sid}/${name}/${item.sid}`),
      sid: item.sid,
      friendly_name: item.friendlyName,
      workspace_sid: w.sid,
      links: {},
      ...extra(w, item),
    })
    route('twilio_taskrouter_v1', path, ({ params }) => {
      const w = workspace(params.WorkspaceSid)
      return w
        ? page(
            `${tr}/${w.sid}/${name}`,
            key,
            items(w).map((item) => body(w, item)),
          )
        : notFound(`/v1/Workspaces/${params.WorkspaceSid}`)
    })
    if (name === 'TaskChannels') return // doctor lists them; it fetches none
    route('twilio_taskrouter_v1', `${path}/{Sid}`, ({ params }) => {
      const w = workspace(params.WorkspaceSid)
      const item = w && items(w).find((x) => x.sid === params.Sid)
      return w && item ? { status: 200, body: body(w, item) } : notFound(`/v1/Workspaces/${params.WorkspaceSid}/${name}/${params.Sid}`)
    })
  }
  collection(
    'Workflows',
    'workflows',
    (w) => w.workflows,
    (w) => ({
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: w.queues[0]?.sid ?? null } } }),
      task_reservation_timeout: 120,
    }),
  )
  collection(
    'TaskQueues',
    'task_queues',
    (w) => w.queues,
    () => ({ target_workers: '1==1', task_order: 'FIFO', max_reserved_workers: 1 }),
  )
  collection(
    'TaskChannels',
    'channels',
    (w) => w.taskChannels,
    (_, c) => ({ unique_name: c.uniqueName, channel_optimized_routing: false }),
  )
  return handlers
}
