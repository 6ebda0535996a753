import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SESSION_SECRET, TEST_ENV } from '../../test/harness.js'
import { main, USAGE } from './cli.js'

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> }
// The built bin, as npx runs it (turbo builds before testing; alone: npx tsc -p tsconfig.build.json).
const BIN = join(PACKAGE, manifest.bin['flex-escalate-doctor'] ?? '')

/** Runs the built bin in an empty directory (no developer's .env), with only `env` and PATH. */
function runBin(script: string, args: string[], env: Record<string, string>) {
  if (!existsSync(BIN)) throw new Error(`Failed to find the built bin ${BIN}. Please run \`npx tsc -p tsconfig.build.json\` first.`)
  const cwd = mkdtempSync(join(tmpdir(), 'fe-doctor-bin-'))
  return spawnSync(process.execPath, [script, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' })
}

async function inProcess(argv: string[], env: Record<string, string | undefined>, cwd: string) {
  let out = ''
  const code = await main(
    argv,
    env,
    (text) => {
      out += text
    },
    { cwd },
  )
  return { code, out }
}

describe('the flex-escalate-doctor bin', () => {
  it('is a built file whose first line is the shebang', () => {
    expect(manifest.bin).toEqual({ 'flex-escalate-doctor': './dist/doctor/cli.js' })
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    // npm links bins at install, before a clone's first build: the build itself makes it executable.
    expect(statSync(BIN).mode & 0o111).toBe(0o111)
  })

  it('prints its usage with --help and exits 0, also through the symlink npx runs it by', () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'fe-doctor-link-')), 'node_modules', '.bin')
    mkdirSync(bin, { recursive: true })
    symlinkSync(BIN, join(bin, 'flex-escalate-doctor'))
    for (const script of [BIN, join(bin, 'flex-escalate-doctor')]) {
      const run = runBin(script, ['--help'], {})
      expect(run.status).toBe(0)
      expect(run.stdout).toBe(USAGE)
      expect(run.stderr).toBe('')
    }
    expect(USAGE).toContain('reads .env in the current directory, then the environment')
    expect(USAGE).toMatch(/Exit status: 0 when every check passed, 1 when one failed/)
  })

  it('exits 1 with the explanation when the environment has no TWILIO_* variables, without any network', () => {
    const run = runBin(BIN, [], { SESSION_TOKEN_SECRET: SESSION_SECRET })
    expect(run.status).toBe(1)
    expect(run.stdout).toContain(
      '✘ this configuration runs the local sandbox, and doctor checks a Twilio configuration: TWILIO_ACCOUNT_SID is not set (FLEX_MODE=auto)\n' +
        '  fix: set TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET, TWILIO_CHAT_SERVICE_SID, TWILIO_WORKSPACE_SID, TWILIO_WORKFLOW_SID in .env or the environment',
    )
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('0 checks passed, 1 failed')
    expect(run.stdout).not.toContain(SESSION_SECRET)
  })
})

describe('main', () => {
  const empty = mkdtempSync(join(tmpdir(), 'fe-doctor-cwd-'))

  it('prints the usage for -h, and refuses an unknown argument with exit 2', async () => {
    expect(await inProcess(['-h'], {}, empty)).toEqual({ code: 0, out: USAGE })
    const unknown = await inProcess(['--fix'], {}, empty)
    expect(unknown.code).toBe(2)
    expect(unknown.out).toBe(`flex-escalate-doctor: unknown argument --fix\n\n${USAGE}`)
  })

  it('reads .env of the working directory, as the server does, the environment winning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fe-doctor-env-'))
    writeFileSync(join(dir, '.env'), `TWILIO_CHAT_SERVICE_SID=CH${'0'.repeat(32)}\nFLEX_MODE=twilio\n`)
    const { TWILIO_CHAT_SERVICE_SID: _fromDotenv, ...env } = TEST_ENV
    const fromFile = await inProcess([], { ...env }, dir)
    expect(fromFile.out.split('\n')[0]).toBe(
      '✘ the configuration does not load: TWILIO_CHAT_SERVICE_SID must look like IS followed by 32 hex characters',
    )
    expect(fromFile.code).toBe(1)
    // Both files' values are read; FLEX_MODE=auto of the environment wins over the file's sandbox.
    const both = mkdtempSync(join(tmpdir(), 'fe-doctor-env-'))
    writeFileSync(join(both, '.env'), `FLEX_MODE=sandbox\nSESSION_TOKEN_SECRET=${SESSION_SECRET}\n`)
    const overridden = await inProcess([], { FLEX_MODE: 'auto' }, both)
    expect(overridden.out.split('\n')[0]).toBe(
      '✘ this configuration runs the local sandbox, and doctor checks a Twilio configuration: TWILIO_ACCOUNT_SID is not set (FLEX_MODE=auto)',
    )
    expect(overridden.out).not.toContain(SESSION_SECRET)
    const sandbox = await inProcess([], { SESSION_TOKEN_SECRET: SESSION_SECRET, FLEX_MODE: 'sandbox' }, empty)
    expect(sandbox.out.split('\n')[0]).toBe(
      '✘ this configuration runs the local sandbox, and doctor checks a Twilio configuration: FLEX_MODE=sandbox',
    )
    expect(sandbox.out).toContain(', and unset FLEX_MODE (or set FLEX_MODE=twilio)')
  })
})
