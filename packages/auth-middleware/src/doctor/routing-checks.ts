import type { Twilio } from 'twilio'
import { LIST_LIMIT, listing, named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { DoctorContext } from './doctor-context.js'
import { isNotFound, read } from './twilio-read.js'

interface Member {
  sid: string
  friendlyName: string
}

/** A kind of thing that lives in one workspace: workflows, task queues. */
interface MemberKind {
  nouns: [string, string]
  fetch(client: Twilio, workspaceSid: string, sid: string): Promise<Member>
  list(client: Twilio, workspaceSid: string): Promise<Member[]>
  fix(workspaceSid: string): string
}

const WORKFLOW: MemberKind = {
  nouns: ['workflow', 'workflows'],
  fetch: (client, workspaceSid, sid) => client.taskrouter.v1.workspaces(workspaceSid).workflows(sid).fetch(),
  list: (client, workspaceSid) => client.taskrouter.v1.workspaces(workspaceSid).workflows.list({ limit: LIST_LIMIT }),
  fix: (workspaceSid) =>
    `set TWILIO_WORKFLOW_SID to a workflow of workspace ${workspaceSid}, or create one in Console > TaskRouter > Workspaces > Workflows, or ` +
    `\`twilio api:taskrouter:v1:workspaces:workflows:create --workspace-sid ${workspaceSid} --friendly-name "Web chat" --configuration '{"task_routing":{"filters":[],"default_filter":{"queue":"WQ…"}}}'\``,
}

const QUEUE: MemberKind = {
  nouns: ['task queue', 'task queues'],
  fetch: (client, workspaceSid, sid) => client.taskrouter.v1.workspaces(workspaceSid).taskQueues(sid).fetch(),
  list: (client, workspaceSid) => client.taskrouter.v1.workspaces(workspaceSid).taskQueues.list({ limit: LIST_LIMIT }),
  fix: (workspaceSid) =>
    `use a task queue of workspace ${workspaceSid}, or create one in Console > TaskRouter > Workspaces > Task Queues, or ` +
    `\`twilio api:taskrouter:v1:workspaces:task-queues:create --workspace-sid ${workspaceSid} --friendly-name "Web chat"\``,
}

/** The account's other workspace that has `sid`, if any: a SID copied from another workspace is the usual mistake. */
async function homeOf(context: DoctorContext, kind: MemberKind, sid: string): Promise<Member | undefined> {
  const workspaces = await context.workspaces()
  if (!workspaces.ok) return undefined
  const others = workspaces.value.filter((w) => w.sid !== context.workspace?.sid)
  const found = await Promise.all(others.map((w) => read('search the other workspaces', () => kind.fetch(context.client, w.sid, sid))))
  const index = found.findIndex((r) => r.ok)
  const home = others[index]
  return home && { sid: home.sid, friendlyName: home.friendlyName }
}

/**
 * That `sid` (the value of `variable`) is a {@link MemberKind} of the configured workspace; when it is not, whether
 * another workspace of the account has it, and what the configured one has instead.
 */
async function checkMember(context: DoctorContext, name: string, variable: string, sid: string, kind: MemberKind): Promise<CheckResult> {
  // biome-ignore lint/style/noNonNullAssertion: doctor runs the checks of what is in the workspace only once it was read.
  const workspace = context.workspace!
  const inWorkspace = named(workspace.sid, workspace.friendlyName)
  const member = await read(`read ${kind.nouns[0]} ${sid}`, () => kind.fetch(context.client, workspace.sid, sid))
  if (member.ok)
    return passed(name, `${variable.replace(sid, named(sid, member.value.friendlyName))} is a ${kind.nouns[0]} of workspace ${inWorkspace}`)
  if (!isNotFound(member)) return failed(name, member.error)

  const home = await homeOf(context, kind, sid)
  const detail = home
    ? `${variable} belongs to workspace ${named(home.sid, home.friendlyName)}, not TWILIO_WORKSPACE_SID=${inWorkspace}`
    : `${variable} is not a ${kind.nouns[0]} of workspace ${inWorkspace}, nor of any other workspace of account ${context.settings.accountSid}`
  const members = await read(`list the ${kind.nouns[1]} of workspace ${workspace.sid}`, () => kind.list(context.client, workspace.sid))
  const found = members.ok ? listing(`workspace ${inWorkspace}`, kind.nouns, members.value) : `could not list them: ${members.error}`
  return failed(name, detail, { fix: kind.fix(workspace.sid), found })
}

/**
 * Check 5 (Conversations): TWILIO_WORKFLOW_SID, which routes the Interactions, is a workflow of the workspace.
 *
 * @example
 * await checkWorkflow(context, 'WW…') // ✘ TWILIO_WORKFLOW_SID=WW… belongs to workspace WS… 'Other', not TWILIO_WORKSPACE_SID=WS… 'Flex Task Assignment'
 */
export function checkWorkflow(context: DoctorContext, workflowSid: string): Promise<CheckResult> {
  return checkMember(context, 'workflow', `TWILIO_WORKFLOW_SID=${workflowSid}`, workflowSid, WORKFLOW)
}

/** The queues the middleware asks for availability, each with the variable (or topic) that names it. */
export function configuredQueues(context: Pick<DoctorContext, 'settings'>): { name: string; variable: string; sid: string }[] {
  const { defaultQueueSid, topicQueues } = context.settings
  return [
    ...(defaultQueueSid ? [{ name: 'queue', variable: `TWILIO_QUEUE_SID=${defaultQueueSid}`, sid: defaultQueueSid }] : []),
    ...Object.entries(topicQueues).map(([topic, sid]) => ({
      name: `queue:${topic}`,
      variable: `TWILIO_TOPIC_QUEUES ${topic}=${sid}`,
      sid,
    })),
  ]
}

/**
 * Check 7: one configured queue (see {@link configuredQueues}) is a task queue of the workspace.
 *
 * @example
 * await checkQueue(context, { name: 'queue:billing', variable: 'TWILIO_TOPIC_QUEUES billing=WQ…', sid: 'WQ…' })
 */
export function checkQueue(context: DoctorContext, queue: { name: string; variable: string; sid: string }): Promise<CheckResult> {
  return checkMember(context, queue.name, queue.variable, queue.sid, QUEUE)
}
