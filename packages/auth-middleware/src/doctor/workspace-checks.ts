import { LIST_LIMIT, listing, named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { DoctorContext } from './doctor-context.js'
import { isNotFound, read } from './twilio-read.js'

/** The account's workspaces, Flex's marked, for a `found:` line. */
async function candidates(context: DoctorContext, flexSid: string | undefined): Promise<string> {
  const workspaces = await context.workspaces()
  if (!workspaces.ok) return `could not list them: ${workspaces.error}`
  return listing(
    'this account',
    ['workspace', 'workspaces'],
    workspaces.value.map((w) => ({ sid: w.sid, friendlyName: w.friendlyName, tags: [w.sid === flexSid && 'Flex'] })),
  )
}

/**
 * Check 4: TWILIO_WORKSPACE_SID exists and is Flex's (`taskrouter_workspace_sid` of the Flex configuration): a Flex
 * account has one workspace, where its agents take tasks (https://www.twilio.com/docs/taskrouter/api/workspace).
 * The workspace read is kept in `context.workspace` for the checks of what is in it.
 *
 * @example
 * await checkWorkspace(context) // ✔ TWILIO_WORKSPACE_SID=WS… 'Flex Task Assignment' is Flex's TaskRouter workspace
 */
export async function checkWorkspace(context: DoctorContext): Promise<CheckResult> {
  const { client, settings } = context
  const sid = settings.workspaceSid
  const workspace = await read(`read workspace ${sid}`, () => client.taskrouter.v1.workspaces(sid).fetch())
  const flex = await context.flexConfiguration()
  const flexSid = (flex.ok && flex.value.taskrouterWorkspaceSid) || undefined
  const useFlex = flexSid
    ? `set TWILIO_WORKSPACE_SID=${flexSid}, Flex's workspace (taskrouter_workspace_sid of the Flex configuration)`
    : undefined
  if (isNotFound(workspace)) {
    const detail = `TWILIO_WORKSPACE_SID=${sid} is not a TaskRouter workspace of account ${settings.accountSid}`
    return failed('workspace', detail, { fix: useFlex, found: await candidates(context, flexSid) })
  }
  if (!workspace.ok) return failed('workspace', workspace.error)
  context.workspace = workspace.value
  const configured = named(sid, workspace.value.friendlyName)
  if (!flex.ok) return failed('workspace', flex.error, { fix: `check that account ${settings.accountSid} has Flex` })
  if (flexSid !== sid) {
    const workspaces = await context.workspaces()
    const flexName = workspaces.ok ? workspaces.value.find((w) => w.sid === flexSid)?.friendlyName : undefined
    const flexIs = flexSid ? `Flex routes to ${named(flexSid, flexName)}` : 'the Flex configuration names no workspace'
    return failed('workspace', `TWILIO_WORKSPACE_SID=${configured} is not Flex's TaskRouter workspace: ${flexIs}`, {
      fix: useFlex,
      found: await candidates(context, flexSid),
    })
  }
  return passed('workspace', `TWILIO_WORKSPACE_SID=${configured} is Flex's TaskRouter workspace`)
}

/**
 * Check 6: the workspace has the task channel `chat`, which the middleware's tasks go to (the Interaction's
 * `task_channel_unique_name`, src/flex/twilio/conversations-chat.ts). https://www.twilio.com/docs/taskrouter/api/task-channel
 *
 * @example
 * await checkTaskChannel(context) // ✘ workspace WS… 'Flex Task Assignment' has no task channel 'chat'
 */
export async function checkTaskChannel(context: DoctorContext): Promise<CheckResult> {
  // biome-ignore lint/style/noNonNullAssertion: doctor runs this check only once the workspace was read.
  const workspace = context.workspace!
  const name = named(workspace.sid, workspace.friendlyName)
  const channels = await read(`list the task channels of workspace ${workspace.sid}`, () =>
    context.client.taskrouter.v1.workspaces(workspace.sid).taskChannels.list({ limit: LIST_LIMIT }),
  )
  if (!channels.ok) return failed('task-channel', channels.error)
  if (channels.value.some((c) => c.uniqueName === 'chat')) return passed('task-channel', `workspace ${name} has the task channel 'chat'`)
  return failed('task-channel', `workspace ${name} has no task channel 'chat', which Flex chat tasks go to`, {
    fix: `\`twilio api:taskrouter:v1:workspaces:task-channels:create --workspace-sid ${workspace.sid} --unique-name chat --friendly-name Chat\``,
    found: listing(
      'it',
      ['task channel', 'task channels'],
      channels.value.map((c) => ({ sid: c.uniqueName, friendlyName: c.friendlyName })),
    ),
  })
}
