import type { TwilioConfig } from '../config/config.js'
import { checkApiKey } from './account-checks.js'
import { checkChatService, checkDefaultConversationsService } from './chat-service-checks.js'
import { type CheckResult, passed, skipped } from './check-result.js'
import { checkConfiguration } from './config-check.js'
import { createDoctorContext, type DoctorContext } from './doctor-context.js'
import { checkFlexFlow } from './flex-flow-checks.js'
import { checkQueue, checkWorkflow, configuredQueues } from './routing-checks.js'
import { checkTaskRouterWebhook, checkWebhookUrl } from './webhook-checks.js'
import { checkTaskChannel, checkWorkspace } from './workspace-checks.js'

export type { CheckResult } from './check-result.js'

/** One check after the API key's: what it checks (for its skipped line) and what it needs to run. */
interface Step {
  name: string
  what: string
  /** Calls Twilio: skipped when the API key does not work. */
  twilio: boolean
  /** Looks inside the configured workspace: skipped when it could not be read. */
  inWorkspace: boolean
  run(context: DoctorContext): CheckResult | Promise<CheckResult>
}

/** The checks of this configuration, in the order they print (checks 3 to 9 of USAGE, cli.ts). */
function plan(settings: TwilioConfig): Step[] {
  const conversations = settings.chatApi === 'conversations'
  const twilio = (name: string, what: string, run: Step['run'], inWorkspace = false): Step => ({
    name,
    what,
    twilio: true,
    inWorkspace,
    run,
  })
  const steps: Step[] = [
    twilio('chat-service', `TWILIO_CHAT_SERVICE_SID=${settings.chatServiceSid} is Flex's chat service`, checkChatService),
  ]
  if (conversations) {
    const what = `TWILIO_CHAT_SERVICE_SID=${settings.chatServiceSid} is the account's default Conversations service`
    steps.push(twilio('default-conversations-service', what, checkDefaultConversationsService))
  }
  steps.push(twilio('workspace', `TWILIO_WORKSPACE_SID=${settings.workspaceSid} is Flex's TaskRouter workspace`, checkWorkspace))
  const { workflowSid, flexFlowSid } = settings
  if (conversations && workflowSid) {
    const what = `TWILIO_WORKFLOW_SID=${workflowSid} is a workflow of the workspace`
    steps.push(twilio('workflow', what, (context) => checkWorkflow(context, workflowSid), true))
  }
  steps.push(twilio('task-channel', "the workspace has the task channel 'chat'", checkTaskChannel, true))
  const queues = configuredQueues({ settings })
  for (const queue of queues)
    steps.push(twilio(queue.name, `${queue.variable} is a task queue of the workspace`, (c) => checkQueue(c, queue), true))
  if (queues.length === 0) {
    const detail = 'no queue is configured (TWILIO_QUEUE_SID, TWILIO_TOPIC_QUEUES): availability answers agentsOnline null'
    steps.push({ name: 'queue', what: detail, twilio: false, inWorkspace: false, run: () => passed('queue', detail) })
  }
  if (!conversations && flexFlowSid) {
    steps.push(
      twilio('flex-flow', `TWILIO_FLEX_FLOW_SID=${flexFlowSid} is an enabled Flex Flow on the chat service`, (c) =>
        checkFlexFlow(c, flexFlowSid),
      ),
    )
  }
  if (settings.webhookUrl !== undefined) {
    const what = 'TWILIO_WEBHOOK_URL is the public https base URL'
    steps.push({ name: 'webhook-url', what, twilio: false, inWorkspace: false, run: () => checkWebhookUrl(settings) })
  }
  // Without an auth token there are no webhooks, and nothing to ask Twilio.
  const webhooks = settings.authToken !== undefined
  const what = "the workspace's event callback is this server's TaskRouter webhook"
  steps.push({ name: 'taskrouter-webhook', what, twilio: webhooks, inWorkspace: webhooks, run: checkTaskRouterWebhook })
  return steps
}

/**
 * Runs every check of `doctor` on this environment (read as the server reads it, src/config/config.ts), against the
 * Twilio account, with read-only calls. A configuration that does not load, or is not a Twilio one, is the only line;
 * an API key that does not work skips every later check that calls Twilio (each still has its line).
 *
 * @example
 * const results = await runDoctor(process.env)
 * process.stdout.write(formatReport(results))
 */
export async function runDoctor(env: Record<string, string | undefined>): Promise<CheckResult[]> {
  const { result, config } = checkConfiguration(env)
  const settings = config?.twilio
  if (!settings) return [result]
  const context = createDoctorContext(settings)
  const apiKey = await checkApiKey(context)
  const results = [result, apiKey.result]
  for (const step of plan(settings)) {
    if (step.twilio && apiKey.skipReason) results.push(skipped(step.name, step.what, apiKey.skipReason))
    else if (step.inWorkspace && !context.workspace) results.push(skipped(step.name, step.what, 'TWILIO_WORKSPACE_SID could not be read'))
    else results.push(await step.run(context))
  }
  return results
}
