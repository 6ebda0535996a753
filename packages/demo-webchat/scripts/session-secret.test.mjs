import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoSessionSecret, MIN_SECRET_LENGTH, SESSION_SECRET_FILE } from './session-secret.mjs'

const posix = process.platform !== 'win32'

describe('demoSessionSecret', () => {
  /** @type {string} */
  let dir
  /** @type {string} */
  let file

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-secret-'))
    file = join(dir, 'nested', 'session-token-secret')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('draws a secret once, keeps it owner-only in the file, and returns the same one on the next start', () => {
    const first = demoSessionSecret({ env: {}, file })
    expect(first.origin).toBe('new')
    expect(first.secret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH)
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret)
    if (posix) {
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(file)).mode & 0o077).toBe(0)
    }

    const second = demoSessionSecret({ env: {}, file })
    expect(second).toEqual({ secret: first.secret, origin: 'kept' })
  })

  it('uses an explicit SESSION_TOKEN_SECRET as it is and touches no file', () => {
    const explicit = 'x'.repeat(40)
    expect(demoSessionSecret({ env: { SESSION_TOKEN_SECRET: explicit }, file })).toEqual({ secret: explicit, origin: 'environment' })
    expect(existsSync(file)).toBe(false)
  })

  it('takes an empty SESSION_TOKEN_SECRET for unset', () => {
    expect(demoSessionSecret({ env: { SESSION_TOKEN_SECRET: '' }, file }).origin).toBe('new')
  })

  it('replaces a kept secret that is unusable (empty or too short)', () => {
    demoSessionSecret({ env: {}, file })
    writeFileSync(file, 'short\n')
    const replaced = demoSessionSecret({ env: {}, file })
    expect(replaced.origin).toBe('new')
    expect(replaced.secret).not.toBe('short')
    expect(readFileSync(file, 'utf8').trim()).toBe(replaced.secret)
  })

  it.skipIf(!posix)('makes a kept file that others could read owner-only', () => {
    const { secret } = demoSessionSecret({ env: {}, file })
    chmodSync(file, 0o644)
    expect(demoSessionSecret({ env: {}, file })).toEqual({ secret, origin: 'kept' })
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('keeps the demo’s file in a folder git ignores', () => {
    const ignore = readFileSync(new URL('../../../.gitignore', import.meta.url), 'utf8').split('\n')
    expect(SESSION_SECRET_FILE.replaceAll('\\', '/')).toMatch(/\/packages\/demo-webchat\/\.secrets\/session-token-secret$/)
    expect(ignore).toContain('packages/demo-webchat/.secrets/')
  })
})
