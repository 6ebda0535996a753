import { describe, expect, it } from 'vitest'
import { listing } from './candidates.js'
import { failed, passed, skipped } from './check-result.js'
import { exitCode, formatReport } from './report.js'

describe('the report', () => {
  it('prints one line per check, the fix and what was found indented below a failure, then the counts', () => {
    const results = [
      passed('configuration', 'the configuration loads'),
      failed('workspace', 'TWILIO_WORKSPACE_SID=WS1 is not a TaskRouter workspace', {
        fix: 'set TWILIO_WORKSPACE_SID=WS0',
        found: 'this account has 1 workspace: WS0',
      }),
      skipped('workflow', 'TWILIO_WORKFLOW_SID=WW0 is a workflow of the workspace', 'TWILIO_WORKSPACE_SID could not be read'),
    ]
    expect(formatReport(results)).toBe(
      [
        '✔ the configuration loads',
        '✘ TWILIO_WORKSPACE_SID=WS1 is not a TaskRouter workspace',
        '  fix: set TWILIO_WORKSPACE_SID=WS0',
        '  found: this account has 1 workspace: WS0',
        '- TWILIO_WORKFLOW_SID=WW0 is a workflow of the workspace (skipped: TWILIO_WORKSPACE_SID could not be read)',
        '',
        '1 check passed, 1 failed, 1 skipped',
        '',
      ].join('\n'),
    )
  })

  it('masks every secret wherever it appears', () => {
    const secret = 'sk-secret-0123456789'
    const report = formatReport(
      [failed('api-key', `Twilio said: ${secret} (short)`, { fix: `not ${secret}` })],
      [secret, undefined, 'short'],
    )
    expect(report).not.toContain(secret)
    expect(report).toContain('Twilio said: ***')
    expect(report).toContain('short')
  })

  it('exits 0 only when every check passed', () => {
    expect(exitCode([passed('a', 'a'), passed('b', 'b')])).toBe(0)
    expect(exitCode([passed('a', 'a'), failed('b', 'b')])).toBe(1)
    expect(exitCode([passed('a', 'a'), skipped('b', 'b', 'why')])).toBe(1)
    expect(exitCode([])).toBe(1)
  })
})

describe('the candidates', () => {
  it('names each with its tags, and says how many more there are beyond ten', () => {
    const queues = Array.from({ length: 12 }, (_, i) => ({
      sid: `WQ${i}`,
      friendlyName: i === 0 ? 'Everyone' : null,
      tags: [i === 0 && 'default'],
    }))
    expect(listing('workspace WS0', ['task queue', 'task queues'], queues)).toBe(
      "workspace WS0 has 12 task queues: WQ0 'Everyone' (default), WQ1, WQ2, WQ3, WQ4, WQ5, WQ6, WQ7, WQ8, WQ9, and 2 more",
    )
    expect(listing('this account', ['Flex Flow', 'Flex Flows'], [])).toBe('this account has no Flex Flows')
  })
})
