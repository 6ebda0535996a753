/**
 * What one `doctor` check found: one line for the operator, with how to fix it and what the account has
 * instead when it failed.
 */
export interface CheckResult {
  /** Stable id of the check, such as `workspace` or `queue:billing`. */
  name: string
  status: 'pass' | 'fail' | 'skip'
  /** The line: what holds, what is wrong, or (skipped) what was not checked and why. */
  detail: string
  /** How to put it right: a Console path and/or a Twilio CLI command. */
  fix?: string
  /** What the account has instead, to pick from. */
  found?: string
}

/**
 * A check that holds.
 *
 * @example
 * passed('workspace', "TWILIO_WORKSPACE_SID=WS… 'Flex Task Assignment' is Flex's TaskRouter workspace")
 */
export function passed(name: string, detail: string): CheckResult {
  return { name, status: 'pass', detail }
}

/**
 * A check that does not hold; `fix` and `found` are left out when there is nothing to say.
 *
 * @example
 * failed('task-channel', "workspace WS… has no task channel 'chat'", { fix: '`twilio api:taskrouter:v1:workspaces:task-channels:create …`' })
 */
export function failed(name: string, detail: string, more: { fix?: string | undefined; found?: string | undefined } = {}): CheckResult {
  return {
    name,
    status: 'fail',
    detail,
    ...(more.fix ? { fix: more.fix } : {}),
    ...(more.found ? { found: more.found } : {}),
  }
}

/**
 * A check that could not run because an earlier one failed.
 *
 * @example
 * skipped('workflow', 'TWILIO_WORKFLOW_SID=WW… is a workflow of the workspace', 'the API key does not authenticate')
 */
export function skipped(name: string, what: string, reason: string): CheckResult {
  return { name, status: 'skip', detail: `${what} (skipped: ${reason})` }
}
