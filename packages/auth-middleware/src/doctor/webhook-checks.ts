import type { TwilioConfig } from '../config/config.js'
import { CONVERSATIONS_WEBHOOK_PATH, GIVE_UP_EVENTS, publicWebhookUrl, TASKROUTER_WEBHOOK_PATH } from '../webhooks/webhook-paths.js'
import { named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { DoctorContext } from './doctor-context.js'

// TaskRouter posts the workspace's events to its one EventCallbackUrl, only those of EventsFilter when it is set:
// https://www.twilio.com/docs/taskrouter/api/event/reference
const EVENTS_DOCS = 'https://www.twilio.com/docs/taskrouter/api/event/reference'

/**
 * A URL as doctor prints it: a password in it (Twilio accepts `https://user:password@host/…` for webhooks) is masked.
 *
 * @example
 * shownUrl('https://twilio:s3cret@chat.example.com/webhooks/twilio/taskrouter') // 'https://twilio:***@chat.example.com/…'
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (!parsed.password) return url
    parsed.password = '***'
    return parsed.toString()
  } catch {
    return url
  }
}

/**
 * Check 9, locally: TWILIO_WEBHOOK_URL is the server's public https base URL. Twilio signs the exact URL it posts to,
 * so the server has to know it; a webhook's own URL there (what it used to mean) would double the path.
 *
 * @example
 * checkWebhookUrl(settings) // ✔ TWILIO_WEBHOOK_URL=https://chat.example.com is the public https base URL: …
 */
export function checkWebhookUrl(settings: TwilioConfig): CheckResult {
  const base = settings.webhookUrl ?? ''
  const variable = `TWILIO_WEBHOOK_URL=${shownUrl(base)}`
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return failed('webhook-url', `${variable} is not a URL`, {
      fix: 'set it to the public https URL of this server, such as https://chat.example.com',
    })
  }
  if (url.protocol !== 'https:') {
    return failed('webhook-url', `${variable} is not https: Twilio posts webhooks to a public https URL`, {
      fix: 'set it to the public https URL of this server, such as https://chat.example.com',
    })
  }
  const webhooks = url.pathname.indexOf('/webhooks/')
  if (webhooks >= 0 || url.search || url.hash) {
    const suggested = new URL(url)
    if (webhooks >= 0) suggested.pathname = url.pathname.slice(0, webhooks)
    suggested.search = ''
    suggested.hash = ''
    return failed(
      'webhook-url',
      `${variable} is not a base URL: the server adds the webhook paths (such as ${TASKROUTER_WEBHOOK_PATH}) below it`,
      {
        fix: `set TWILIO_WEBHOOK_URL=${shownUrl(suggested.toString()).replace(/\/+$/, '')}, the public base URL of this server`,
      },
    )
  }
  return passed(
    'webhook-url',
    `${variable} is the public https base URL: Twilio posts to ${shownUrl(publicWebhookUrl(base, TASKROUTER_WEBHOOK_PATH) ?? base)}`,
  )
}

/**
 * Check 9, on Twilio: with TWILIO_AUTH_TOKEN (the webhooks are mounted), the workspace posts its events to
 * TASKROUTER_WEBHOOK_PATH of this server, at least GIVE_UP_EVENTS. Without it, an informational line.
 *
 * @example
 * checkTaskRouterWebhook(context) // ✘ workspace WS… 'Flex Task Assignment' has no event callback URL …
 */
export function checkTaskRouterWebhook(context: DoctorContext): CheckResult {
  const { settings } = context
  const events = GIVE_UP_EVENTS.join(', ')
  if (!settings.authToken) {
    return passed(
      'taskrouter-webhook',
      `the webhooks are off: TWILIO_AUTH_TOKEN is not set (with it, the server checks Twilio's signature and mounts POST ${CONVERSATIONS_WEBHOOK_PATH} and ${TASKROUTER_WEBHOOK_PATH}, to hear of chats an agent closed or Flex gave up on: ${events})`,
    )
  }
  // biome-ignore lint/style/noNonNullAssertion: doctor runs this check with an auth token only once the workspace was read.
  const workspace = context.workspace!
  const name = `workspace ${named(workspace.sid, workspace.friendlyName)}`
  const expected = publicWebhookUrl(settings.webhookUrl, TASKROUTER_WEBHOOK_PATH)
  const callback = workspace.eventCallbackUrl || undefined
  const problems: string[] = []
  if (!callback) problems.push(`${name} has no event callback URL, so the server never hears of ${events}`)
  else if (expected ? callback !== expected : !pathOf(callback).endsWith(TASKROUTER_WEBHOOK_PATH)) {
    problems.push(
      `${name} posts its events to ${shownUrl(callback)}, not to ${expected ? shownUrl(expected) : `${TASKROUTER_WEBHOOK_PATH} of this server`}`,
    )
  }
  const filter = (workspace.eventsFilter ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
  const unheard = filter.length === 0 ? [] : GIVE_UP_EVENTS.filter((e) => !filter.includes(e))
  if (unheard.length > 0) problems.push(`its events filter (${filter.join(',')}) leaves out ${unheard.join(', ')}`)

  if (problems.length === 0) {
    return passed('taskrouter-webhook', `${name} posts ${filter.length === 0 ? 'every event' : events} to ${shownUrl(callback ?? '')}`)
  }
  const url = expected ? shownUrl(expected) : `https://<this server>${TASKROUTER_WEBHOOK_PATH}`
  const keep = [...new Set([...filter, ...GIVE_UP_EVENTS])].join(',')
  return failed('taskrouter-webhook', problems.join('; '), {
    fix:
      `\`twilio api:taskrouter:v1:workspaces:update --sid ${workspace.sid} --event-callback-url ${url} --events-filter ${keep}\`` +
      ` (or Console > TaskRouter > Workspaces > ${workspace.friendlyName} > Settings > Event callbacks; ${EVENTS_DOCS})`,
  })
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}
