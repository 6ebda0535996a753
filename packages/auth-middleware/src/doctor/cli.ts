#!/usr/bin/env node
/**
 * `npx flex-escalate-doctor`: checks the middleware's Twilio configuration against the Twilio account, with
 * read-only calls, and prints one line per check. See {@link USAGE}.
 */
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { config as loadDotenv } from 'dotenv'
import { runDoctor } from './doctor.js'
import { exitCode, formatReport, redact } from './report.js'

export const USAGE = `Usage: npx flex-escalate-doctor [--help]

Checks the middleware's Twilio configuration against the Twilio account, with read-only calls
(nothing in the account is changed), and prints one line per check, with a fix for each failure:

  1. the configuration loads, as the server loads it, and is a Twilio one (not the local sandbox)
  2. the API key (TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET) authenticates for TWILIO_ACCOUNT_SID
  3. TWILIO_CHAT_SERVICE_SID is Flex's chat service (and, on Conversations, the default Conversations service)
  4. TWILIO_WORKSPACE_SID is Flex's TaskRouter workspace
  5. TWILIO_WORKFLOW_SID is a workflow of that workspace (TWILIO_CHAT_API=conversations)
  6. the workspace has the task channel 'chat'
  7. TWILIO_QUEUE_SID and every queue of TWILIO_TOPIC_QUEUES are task queues of that workspace
  8. TWILIO_FLEX_FLOW_SID is enabled and on the chat service (TWILIO_CHAT_API=programmable-chat)
  9. TWILIO_WEBHOOK_URL is an https base URL and, with TWILIO_AUTH_TOKEN, the workspace's event callback
     posts task.canceled and workflow.timeout to this server

Like the server, it reads .env in the current directory, then the environment (whose variables win).
No secret is printed: SIDs and friendly names only.

Exit status: 0 when every check passed, 1 when one failed (later ones may be skipped), 2 for a bad argument.
`

/** The environment's secrets, masked in the output whatever happens (see formatReport). */
const SECRETS = [
  'TWILIO_API_KEY_SECRET',
  'TWILIO_AUTH_TOKEN',
  'SESSION_TOKEN_SECRET',
  'VISITOR_JWT_SECRET',
  'METRICS_TOKEN',
  'WATSON_API_KEY',
]

/**
 * The command, in-process: `argv` without node and the script, `env` to read (and to fill from `.env`, as the
 * server fills process.env), `write` for the output. Resolves with the exit status.
 *
 * @example
 * const status = await main(['--help'], {}, (text) => process.stdout.write(text)) // 0
 */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  write: (text: string) => void,
  options: { cwd?: string } = {},
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    write(USAGE)
    return 0
  }
  if (argv.length > 0) {
    write(`flex-escalate-doctor: unknown argument ${argv[0]}\n\n${USAGE}`)
    return 2
  }
  // As src/server.ts: variables already set win over the file's.
  loadDotenv({ quiet: true, path: join(options.cwd ?? process.cwd(), '.env'), processEnv: env as Record<string, string> })
  const secrets = SECRETS.map((name) => env[name])
  try {
    const results = await runDoctor(env)
    write(formatReport(results, secrets))
    return exitCode(results)
  } catch (err) {
    // A bug, not a finding: the message only (a stack could carry a request with its credentials).
    write(redact(`flex-escalate-doctor: Failed to run the checks: ${(err as Error).message}. Please report this bug.\n`, secrets))
    return 1
  }
}

/** True when this module is the script node runs, also through the symlink npx runs a bin by. */
function isEntry(moduleUrl: string): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

if (isEntry(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env, (text) => process.stdout.write(text))
}
