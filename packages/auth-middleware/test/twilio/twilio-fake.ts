import { randomBytes } from 'node:crypto'
import type { HttpHandler } from 'msw'
import { accountRoutes, defaultFakeAccount, type FakeAccount } from './fake-account.js'
import type { SpecOperation } from './openapi-spec.js'
import { type FakeRequest, type Fault, type RouteLog, twilioError, twilioRoute } from './twilio-route.js'

export const ACCOUNT_SID = `AC${'0'.repeat(32)}`
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex')
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

interface Task {
  sid: string
  queueSid: string
  status: 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping'
  attributes: string
  created: string
}

interface Conversation {
  sid: string
  serviceSid: string
  uniqueName: string | null
  friendlyName: string | null
  attributes: string
  state: 'active' | 'inactive' | 'closed'
  participants: { sid: string; identity: string | null; attributes: string }[]
  /** The timers it was created with (ISO 8601), as Twilio keeps them. */
  timers: { inactive: string | null; closed: string | null }
  messages: { sid: string; index: number; author: string | null; body: string | null; attributes: string }[]
}

interface LegacyChannel {
  sid: string
  serviceSid: string
  friendlyName: string
  attributes: string
  identity: string
  taskSid: string
}

interface Interaction {
  sid: string
  channelSid: string
  status: 'active' | 'closed'
  conversationSid: string
  taskSid: string
}

export interface FakeTwilioOptions {
  /** Queue every new task lands in, unless its topic has one in `topicQueues`. */
  defaultQueueSid: string
  topicQueues?: Record<string, string>
}

/**
 * An in-memory Twilio, as far as this project uses it, answering the real `twilio` SDK through msw.
 * Every route holds itself to Twilio's OpenAPI spec (see {@link twilioRoute}); tests assert that
 * `violations` stays empty and can inject faults with {@link FakeTwilio.fail}.
 */
export class FakeTwilio {
  readonly log: RouteLog = { calls: new Map(), violations: [], faults: new Map(), faultsServed: 0 }
  readonly conversations = new Map<string, Conversation>()
  readonly legacyChannels = new Map<string, LegacyChannel>()
  readonly interactions = new Map<string, Interaction>()
  /** Messages posted to legacy channels through the REST API, by channel SID. */
  readonly legacyMessages = new Map<
    string,
    { sid: string; index: number; from: string | null; body: string | null; attributes: string }[]
  >()
  readonly tasks: Task[] = []
  /** Available workers per queue; a queue missing here has none. */
  readonly availableWorkers = new Map<string, number>()
  /** Mean seconds until accepted per queue, for the cumulative statistics. */
  readonly averageWait = new Map<string, number>()
  readonly operations: SpecOperation[] = []
  readonly handlers: HttpHandler[] = []
  /**
   * What `doctor` reads of the account (test/twilio/fake-account.ts), correct by default; tests change it. Its routes
   * check the API key and are not in `operations`, which lists what the middleware itself calls.
   */
  readonly account: FakeAccount

  constructor(private readonly options: FakeTwilioOptions) {
    this.defineConversations()
    this.defineFlex()
    this.defineChat()
    this.defineTaskRouter()
    this.account = defaultFakeAccount(ACCOUNT_SID, options)
    this.handlers.push(...accountRoutes(this.log, this.account))
  }

  get violations(): readonly string[] {
    return this.log.violations
  }

  /** Requests an operation received, by its id (`POST flex-api.twilio.com/v1/Interactions`). */
  calls(operationId: string): FakeRequest[] {
    return this.log.calls.get(operationId) ?? []
  }

  /** Makes the next `times` requests to the operation fail with this HTTP status and Twilio error code. */
  fail(operationId: string, status: number, code = 20500, times = 1): void {
    this.inject(operationId, { kind: 'reply', reply: twilioError(status, code, `Injected fault ${status}`) }, times)
  }

  /**
   * Makes the next `times` requests to the operation suffer a {@link Fault}: an error reply (a 429 with
   * `Retry-After`), a connection reset or a late answer.
   *
   * @example
   * fake.inject(STATS, { kind: 'reply', reply: { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'Retry-After': '1' } } })
   * fake.inject(STATS, { kind: 'reset' }, 2)
   */
  inject(operationId: string, fault: Fault, times = 1): void {
    if (!this.operations.some((op) => op.id === operationId))
      throw new Error(`Failed to inject a fault: the fake has no operation ${operationId}.`)
    const queue = this.log.faults.get(operationId) ?? []
    for (let i = 0; i < times; i++) queue.push(fault)
    this.log.faults.set(operationId, queue)
  }

  /** How many injected faults requests have met so far. */
  get faultsServed(): number {
    return this.log.faultsServed
  }

  /** What is still open: conversations not closed, legacy channels not INACTIVE, tasks not finished. */
  openResources(): { conversations: string[]; legacyChannels: string[]; tasks: string[] } {
    return {
      conversations: [...this.conversations.values()].filter((c) => c.state !== 'closed').map((c) => c.sid),
      legacyChannels: [...this.legacyChannels.values()]
        .filter((c) => (JSON.parse(c.attributes) as { status?: string }).status !== 'INACTIVE')
        .map((c) => c.sid),
      tasks: this.tasks.filter((t) => t.status !== 'completed' && t.status !== 'canceled').map((t) => t.sid),
    }
  }

  /**
   * TaskRouter gives a waiting task up (its workflow timed out): the task is canceled, nothing else changes
   * (Flex leaves the conversation open, as its best practices warn), and the form of the `task.canceled`
   * event TaskRouter then posts to the workspace's event callback is returned.
   * https://www.twilio.com/docs/taskrouter/api/event/reference#event-callbacks
   */
  timeOutTask(taskSid: string, workspaceSid: string): Record<string, string> {
    const task = this.tasks.find((t) => t.sid === taskSid)
    if (!task || (task.status !== 'pending' && task.status !== 'reserved')) {
      throw new Error(`Failed to time out task ${taskSid}: it is ${task?.status ?? 'unknown'}. Please pick a waiting task.`)
    }
    task.status = 'canceled'
    return {
      AccountSid: ACCOUNT_SID,
      WorkspaceSid: workspaceSid,
      WorkspaceName: 'Flex Task Assignment',
      EventType: 'task.canceled',
      EventDescription: `Task ${taskSid} canceled`,
      ResourceType: 'task',
      ResourceSid: taskSid,
      Timestamp: String(Math.floor(Date.now() / 1000)),
      TaskSid: taskSid,
      TaskAttributes: task.attributes,
      TaskAssignmentStatus: 'canceled',
      TaskCanceledReason: 'Workflow Timeout',
      TaskQueueSid: task.queueSid,
    }
  }

  pendingTasks(queueSid: string): Task[] {
    return this.tasks.filter((t) => t.queueSid === queueSid && (t.status === 'pending' || t.status === 'reserved'))
  }

  private route(...args: Parameters<typeof twilioRoute> extends [RouteLog, ...infer Rest] ? Rest : never): void {
    const { operation, handler } = twilioRoute(this.log, ...args)
    this.operations.push(operation)
    this.handlers.push(handler)
  }

  private createTask(attributes: Record<string, unknown>): Task {
    const topic = typeof attributes.topic === 'string' ? attributes.topic.toLowerCase() : undefined
    const queueSid = (topic && this.options.topicQueues?.[topic]) || this.options.defaultQueueSid
    const task: Task = { sid: sid('WT'), queueSid, status: 'pending', attributes: JSON.stringify(attributes), created: now() }
    this.tasks.push(task)
    return task
  }

  private completeTask(taskSid: string): void {
    const task = this.tasks.find((t) => t.sid === taskSid)
    if (task) task.status = 'completed'
  }

  private defineConversations(): void {
    const base = '/v1/Services/{ChatServiceSid}/Conversations'
    const conversationBody = (c: Conversation) => ({
      account_sid: ACCOUNT_SID,
      chat_service_sid: c.serviceSid,
      messaging_service_sid: null,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: c.state,
      date_created: now(),
      date_updated: now(),
      timers: {},
      url: `https://conversations.twilio.com/v1/Services/${c.serviceSid}/Conversations/${c.sid}`,
      links: {},
      bindings: null,
    })
    // Twilio addresses a conversation by its SID or by its unique name.
    const find = (params: Record<string, string>): Conversation | undefined => {
      const key = params.Sid ?? params.ConversationSid ?? ''
      const c = this.conversations.get(key) ?? [...this.conversations.values()].find((x) => x.uniqueName !== null && x.uniqueName === key)
      return c && c.serviceSid === params.ChatServiceSid ? c : undefined
    }
    const notFound = () => twilioError(404, 20404, 'The requested resource was not found')

    this.route('twilio_conversations_v1', 'post', '/v1/Services/{ChatServiceSid}/ConversationWithParticipants', ({ params, form }) => {
      const uniqueName = form.get('UniqueName')
      if (uniqueName !== null && find({ ChatServiceSid: params.ChatServiceSid!, Sid: uniqueName })) {
        // https://www.twilio.com/docs/api/errors/50353
        return twilioError(409, 50353, 'Conversation with provided unique name already exists')
      }
      const timers = { inactive: form.get('Timers.Inactive'), closed: form.get('Timers.Closed') }
      // https://www.twilio.com/docs/api/errors/50382
      if ((timers.inactive || timers.closed) && !form.get('State')) return twilioError(400, 50382, "Timer can't be set without state")
      const participants = form.getAll('Participant').map((json) => {
        const p = JSON.parse(json) as { identity?: unknown; attributes?: unknown }
        if (typeof p.identity !== 'string') throw new Error(`a Participant without an identity: ${json}`)
        return { sid: sid('MB'), identity: p.identity, attributes: typeof p.attributes === 'string' ? p.attributes : '{}' }
      })
      const c: Conversation = {
        sid: sid('CH'),
        serviceSid: params.ChatServiceSid!,
        uniqueName,
        friendlyName: form.get('FriendlyName'),
        attributes: form.get('Attributes') ?? '{}',
        state: 'active',
        participants,
        timers,
        messages: [],
      }
      this.conversations.set(c.sid, c)
      return { status: 201, body: conversationBody(c) }
    })
    this.route('twilio_conversations_v1', 'get', `${base}/{Sid}`, ({ params }) => {
      const c = find(params)
      return c ? { status: 200, body: conversationBody(c) } : notFound()
    })
    this.route('twilio_conversations_v1', 'post', `${base}/{Sid}`, ({ params, form }) => {
      const c = find(params)
      if (!c) return notFound()
      const state = form.get('State')
      if (state === 'closed' || state === 'active' || state === 'inactive') c.state = state
      const attributes = form.get('Attributes')
      if (attributes !== null) c.attributes = attributes
      return { status: 200, body: conversationBody(c) }
    })
    this.route('twilio_conversations_v1', 'delete', `${base}/{Sid}`, ({ params }) => {
      const c = find(params)
      if (!c) return notFound()
      this.conversations.delete(c.sid)
      return { status: 204 }
    })
    this.route('twilio_conversations_v1', 'post', `${base}/{ConversationSid}/Messages`, ({ params, form }) => {
      const c = find(params)
      if (!c) return notFound()
      const m = {
        sid: sid('IM'),
        index: c.messages.length,
        author: form.get('Author'),
        body: form.get('Body'),
        attributes: form.get('Attributes') ?? '{}',
      }
      c.messages.push(m)
      return {
        status: 201,
        body: {
          account_sid: ACCOUNT_SID,
          chat_service_sid: c.serviceSid,
          conversation_sid: c.sid,
          sid: m.sid,
          index: m.index,
          author: m.author,
          body: m.body,
          media: null,
          attributes: m.attributes,
          participant_sid: null,
          date_created: now(),
          date_updated: now(),
          delivery: null,
          url: `https://conversations.twilio.com/v1/Services/${c.serviceSid}/Conversations/${c.sid}/Messages/${m.sid}`,
          links: {},
          content_sid: null,
        },
      }
    })
  }

  private defineFlex(): void {
    const channelBody = (i: Interaction) => ({
      sid: i.channelSid,
      interaction_sid: i.sid,
      type: 'chat',
      status: i.status,
      error_code: null,
      error_message: null,
      url: `https://flex-api.twilio.com/v1/Interactions/${i.sid}/Channels/${i.channelSid}`,
      links: {},
    })
    const findInteraction = (params: Record<string, string>): Interaction | undefined => {
      const i = this.interactions.get(params.InteractionSid ?? '')
      return i && i.channelSid === params.Sid ? i : undefined
    }
    const notFound = () => twilioError(404, 20404, 'The requested resource was not found')

    this.route('twilio_flex_v1', 'post', '/v1/Interactions', ({ form }) => {
      const channel = JSON.parse(form.get('Channel') ?? '{}') as { properties?: { media_channel_sid?: string } }
      const routing = JSON.parse(form.get('Routing') ?? '{}') as { properties?: { attributes?: Record<string, unknown> } }
      const conversationSid = channel.properties?.media_channel_sid
      if (!conversationSid || !this.conversations.has(conversationSid)) {
        return twilioError(400, 45001, 'Channel.properties.media_channel_sid must name an existing conversation')
      }
      const interaction: Interaction = { sid: sid('KD'), channelSid: sid('UO'), status: 'active', conversationSid, taskSid: '' }
      // Flex adds the Interaction's SIDs (and the conversation's) to the task's attributes.
      const task = this.createTask({
        ...routing.properties?.attributes,
        conversationSid,
        flexInteractionSid: interaction.sid,
        flexInteractionChannelSid: interaction.channelSid,
      })
      interaction.taskSid = task.sid
      this.interactions.set(interaction.sid, interaction)
      return {
        status: 201,
        body: {
          sid: interaction.sid,
          channel: { type: 'chat', sid: interaction.channelSid },
          routing: { reservation: null, properties: { sid: task.sid, assignment_status: 'pending', task_queue_sid: task.queueSid } },
          url: `https://flex-api.twilio.com/v1/Interactions/${interaction.sid}`,
          links: {},
          interaction_context_sid: null,
          webhook_ttid: null,
        },
      }
    })
    this.route('twilio_flex_v1', 'get', '/v1/Interactions/{InteractionSid}/Channels/{Sid}', ({ params }) => {
      const interaction = findInteraction(params)
      return interaction ? { status: 200, body: channelBody(interaction) } : notFound()
    })
    this.route('twilio_flex_v1', 'post', '/v1/Interactions/{InteractionSid}/Channels/{Sid}', ({ params, form }) => {
      const interaction = findInteraction(params)
      if (!interaction) return notFound()
      if (form.get('Status') === 'closed') {
        interaction.status = 'closed'
        this.completeTask(interaction.taskSid)
        const c = this.conversations.get(interaction.conversationSid)
        if (c) c.state = 'closed'
      }
      return { status: 200, body: channelBody(interaction) }
    })
    this.route('twilio_flex_v1', 'post', '/v1/Channels', ({ form }) => {
      const attributes = JSON.parse(form.get('TaskAttributes') ?? '{}') as Record<string, unknown>
      const channel: LegacyChannel = {
        sid: sid('CH'),
        serviceSid: '',
        friendlyName: form.get('ChatFriendlyName')!,
        attributes: JSON.stringify({
          from: form.get('ChatUserFriendlyName'),
          status: 'ACTIVE',
          pre_engagement_data: form.get('PreEngagementData'),
        }),
        identity: form.get('Identity')!,
        taskSid: '',
      }
      channel.taskSid = this.createTask({ ...attributes, channelSid: channel.sid }).sid
      this.legacyChannels.set(channel.sid, channel)
      return {
        status: 201,
        body: {
          account_sid: ACCOUNT_SID,
          flex_flow_sid: form.get('FlexFlowSid'),
          sid: channel.sid,
          user_sid: sid('US'),
          task_sid: channel.taskSid,
          url: `https://flex-api.twilio.com/v1/Channels/${channel.sid}`,
          date_created: now(),
          date_updated: now(),
        },
      }
    })
  }

  private defineChat(): void {
    const path = '/v2/Services/{ServiceSid}/Channels/{Sid}'
    const body = (c: LegacyChannel, serviceSid: string) => ({
      sid: c.sid,
      account_sid: ACCOUNT_SID,
      service_sid: serviceSid,
      friendly_name: c.friendlyName,
      unique_name: null,
      attributes: c.attributes,
      type: 'private',
      date_created: now(),
      date_updated: now(),
      created_by: 'system',
      members_count: 1,
      messages_count: 0,
      url: `https://chat.twilio.com/v2/Services/${serviceSid}/Channels/${c.sid}`,
      links: {},
    })
    const notFound = () => twilioError(404, 50300, 'Channel not found')
    this.route('twilio_chat_v2', 'get', path, ({ params }) => {
      const c = this.legacyChannels.get(params.Sid!)
      return c ? { status: 200, body: body(c, params.ServiceSid!) } : notFound()
    })
    this.route('twilio_chat_v2', 'post', path, ({ params, form }) => {
      const c = this.legacyChannels.get(params.Sid!)
      if (!c) return notFound()
      const attributes = form.get('Attributes')
      if (attributes !== null) {
        c.attributes = attributes
        if ((JSON.parse(attributes) as { status?: string }).status === 'INACTIVE') this.completeTask(c.taskSid)
      }
      return { status: 200, body: body(c, params.ServiceSid!) }
    })
    this.route('twilio_chat_v2', 'post', '/v2/Services/{ServiceSid}/Channels/{ChannelSid}/Messages', ({ params, form }) => {
      const c = this.legacyChannels.get(params.ChannelSid!)
      if (!c) return notFound()
      const messages = this.legacyMessages.get(c.sid) ?? []
      const m = {
        sid: sid('IM'),
        index: messages.length,
        from: form.get('From'),
        body: form.get('Body'),
        attributes: form.get('Attributes') ?? '{}',
      }
      messages.push(m)
      this.legacyMessages.set(c.sid, messages)
      return {
        status: 201,
        body: {
          sid: m.sid,
          account_sid: ACCOUNT_SID,
          attributes: m.attributes,
          service_sid: params.ServiceSid,
          to: c.sid,
          channel_sid: c.sid,
          date_created: now(),
          date_updated: now(),
          last_updated_by: null,
          was_edited: false,
          // Twilio's default author of a REST message.
          from: m.from ?? 'system',
          body: m.body,
          index: m.index,
          type: 'text',
          media: null,
          url: `https://chat.twilio.com/v2/Services/${params.ServiceSid}/Channels/${c.sid}/Messages/${m.sid}`,
        },
      }
    })
  }

  private defineTaskRouter(): void {
    const queuePath = '/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}'
    const url = (path: string) => `https://taskrouter.twilio.com${path}`
    this.route('twilio_taskrouter_v1', 'get', `${queuePath}/RealTimeStatistics`, ({ params }) => {
      const queueSid = params.TaskQueueSid!
      const pending = this.pendingTasks(queueSid)
      return {
        status: 200,
        body: {
          account_sid: ACCOUNT_SID,
          activity_statistics: [],
          longest_task_waiting_age: 0,
          longest_task_waiting_sid: pending[0]?.sid ?? null,
          longest_relative_task_age_in_queue: 0,
          longest_relative_task_sid_in_queue: pending[0]?.sid ?? null,
          task_queue_sid: queueSid,
          tasks_by_priority: {},
          tasks_by_status: { pending: pending.length, reserved: 0, assigned: 0, wrapping: 0 },
          total_available_workers: this.availableWorkers.get(queueSid) ?? 0,
          total_eligible_workers: this.availableWorkers.get(queueSid) ?? 0,
          total_tasks: pending.length,
          workspace_sid: params.WorkspaceSid,
          url: url(`/v1/Workspaces/${params.WorkspaceSid}/TaskQueues/${queueSid}/RealTimeStatistics`),
        },
      }
    })
    this.route('twilio_taskrouter_v1', 'get', `${queuePath}/CumulativeStatistics`, ({ params }) => {
      const queueSid = params.TaskQueueSid!
      const avg = this.averageWait.get(queueSid)
      const stat = (value: number) => ({ avg: value, min: value, max: value, total: value })
      return {
        status: 200,
        body: {
          account_sid: ACCOUNT_SID,
          avg_task_acceptance_time: avg ?? 0,
          start_time: now(),
          end_time: now(),
          reservations_created: avg === undefined ? 0 : 10,
          reservations_accepted: avg === undefined ? 0 : 10,
          reservations_rejected: 0,
          reservations_timed_out: 0,
          reservations_canceled: 0,
          reservations_rescinded: 0,
          split_by_wait_time: null,
          task_queue_sid: queueSid,
          wait_duration_until_accepted: stat(avg ?? 0),
          wait_duration_until_canceled: stat(0),
          wait_duration_in_queue_until_accepted: stat(avg ?? 0),
          tasks_canceled: 0,
          tasks_completed: 0,
          tasks_deleted: 0,
          tasks_entered: 0,
          tasks_moved: 0,
          workspace_sid: params.WorkspaceSid,
          url: url(`/v1/Workspaces/${params.WorkspaceSid}/TaskQueues/${queueSid}/CumulativeStatistics`),
        },
      }
    })
    const taskBody = (t: Task, workspaceSid: string) => ({
      account_sid: ACCOUNT_SID,
      age: 0,
      assignment_status: t.status,
      attributes: t.attributes,
      addons: '{}',
      date_created: t.created,
      date_updated: t.created,
      task_queue_entered_date: t.created,
      priority: 0,
      reason: null,
      sid: t.sid,
      task_queue_sid: t.queueSid,
      task_queue_friendly_name: 'Everyone',
      task_channel_sid: `TC${'0'.repeat(32)}`,
      task_channel_unique_name: 'chat',
      timeout: 86400,
      workflow_sid: `WW${'0'.repeat(32)}`,
      workflow_friendly_name: 'Assign to Anyone',
      workspace_sid: workspaceSid,
      url: url(`/v1/Workspaces/${workspaceSid}/Tasks/${t.sid}`),
      links: {},
      virtual_start_time: t.created,
      ignore_capacity: false,
      routing_target: null,
    })
    this.route('twilio_taskrouter_v1', 'get', '/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}', ({ params }) => {
      const task = this.tasks.find((t) => t.sid === params.Sid)
      return task
        ? { status: 200, body: taskBody(task, params.WorkspaceSid!) }
        : twilioError(404, 20404, 'The requested resource was not found')
    })
    // TaskRouter takes an attributes update in any status, until it deletes the finished task.
    this.route('twilio_taskrouter_v1', 'post', '/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}', ({ params, form }) => {
      const task = this.tasks.find((t) => t.sid === params.Sid)
      if (!task) return twilioError(404, 20404, 'The requested resource was not found')
      const attributes = form.get('Attributes')
      if (attributes !== null) task.attributes = attributes
      return { status: 200, body: taskBody(task, params.WorkspaceSid!) }
    })
    this.route('twilio_taskrouter_v1', 'get', '/v1/Workspaces/{WorkspaceSid}/Tasks', ({ params, query }) => {
      const statuses = query.getAll('AssignmentStatus')
      const queueSid = query.get('TaskQueueSid')
      const tasks = this.tasks.filter(
        (t) => (!queueSid || t.queueSid === queueSid) && (statuses.length === 0 || statuses.includes(t.status)),
      )
      const listUrl = url(`/v1/Workspaces/${params.WorkspaceSid}/Tasks?PageSize=50&Page=0`)
      return {
        status: 200,
        body: {
          tasks: tasks.map((t) => taskBody(t, params.WorkspaceSid!)),
          meta: {
            first_page_url: listUrl,
            key: 'tasks',
            next_page_url: null,
            page: 0,
            page_size: 50,
            previous_page_url: null,
            url: listUrl,
          },
        },
      }
    })
  }
}
