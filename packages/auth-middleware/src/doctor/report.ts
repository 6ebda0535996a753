import type { CheckResult } from './check-result.js'

const MARKS: Record<CheckResult['status'], string> = { pass: '✔', fail: '✘', skip: '-' }

/**
 * The lines an operator reads: one per check (`✔ …`, `✘ …`, `- … (skipped: …)`), a failure's `fix:` and `found:`
 * indented below it, then "N checks passed, M failed". Every value of `secrets` is masked wherever it appears, in
 * case a Twilio message or a friendly name ever echoes one.
 *
 * @example
 * write(formatReport(results, [config.twilio.apiKeySecret]))
 */
export function formatReport(results: readonly CheckResult[], secrets: readonly (string | undefined)[] = []): string {
  const lines: string[] = []
  for (const result of results) {
    lines.push(`${MARKS[result.status]} ${result.detail}`)
    if (result.fix) lines.push(`  fix: ${result.fix}`)
    if (result.found) lines.push(`  found: ${result.found}`)
  }
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length
  const passedCount = count('pass')
  const skippedCount = count('skip')
  lines.push(
    '',
    `${passedCount} ${passedCount === 1 ? 'check' : 'checks'} passed, ${count('fail')} failed${skippedCount > 0 ? `, ${skippedCount} skipped` : ''}`,
  )
  return redact(`${lines.join('\n')}\n`, secrets)
}

/**
 * The process's exit status: 0 only when every check passed (a skipped check means an earlier one failed).
 *
 * @example
 * process.exitCode = exitCode(results)
 */
export function exitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.length > 0 && results.every((r) => r.status === 'pass') ? 0 : 1
}

/**
 * Masks each secret of 8 characters or more (shorter ones would mask ordinary words) with `***`.
 *
 * @example
 * redact('key s3cretvalue', ['s3cretvalue']) // 'key ***'
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let masked = text
  for (const secret of secrets) if (secret && secret.length >= 8) masked = masked.split(secret).join('***')
  return masked
}
