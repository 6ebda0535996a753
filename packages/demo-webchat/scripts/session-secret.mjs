/**
 * The demo's `SESSION_TOKEN_SECRET`, the same across its own restarts with nothing to configure. A fresh
 * secret per run made every visitor's session token worthless after a restart (the refresh got 401): so it is
 * drawn once and kept in a file, and read back on the next start.
 *
 * The file is `packages/demo-webchat/.secrets/session-token-secret` (git ignores `.secrets/`): inside the
 * checkout rather than `os.tmpdir()`, which other users of the machine share (one could plant a file there
 * first and know the secret) and which some systems empty at boot; rather than a per-user cache folder too,
 * which is spelled differently on Linux, macOS and Windows. It goes with the clone, and deleting it (or the
 * clone) signs every demo visitor out. Folder 0700, file 0600, written only if absent (`wx`), so two starts
 * at once agree on one secret. An explicit `SESSION_TOKEN_SECRET` in the environment always wins and no file
 * is touched. Nothing here prints the secret.
 *
 * @example
 * const { secret, origin } = demoSessionSecret({ env: process.env, file: SESSION_SECRET_FILE })
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where `npm start` keeps the secret: see the module comment for why here. */
export const SESSION_SECRET_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../.secrets/session-token-secret')

/** What the middleware requires of `SESSION_TOKEN_SECRET`: a kept secret shorter than this is drawn again. */
export const MIN_SECRET_LENGTH = 32

/**
 * @typedef {object} SessionSecret
 * @property {string} secret The value to pass as `SESSION_TOKEN_SECRET`. Never log it.
 * @property {'environment' | 'kept' | 'new'} origin From the environment, read from the file, or drawn now
 *   (and written to the file).
 */

/**
 * @param {{ env: Record<string, string | undefined>, file: string }} options
 * @returns {SessionSecret}
 */
export function demoSessionSecret({ env, file }) {
  const explicit = env.SESSION_TOKEN_SECRET
  // As given, even if too short: the middleware then refuses to start and says why.
  if (explicit !== undefined && explicit !== '') return { secret: explicit, origin: 'environment' }

  const kept = readKept(file)
  if (kept !== undefined) return { secret: kept, origin: 'kept' }

  const secret = randomBytes(32).toString('base64url')
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error
    // Another start wrote it first (or the kept one was unusable): theirs if it is good, else replace it.
    const theirs = readKept(file)
    if (theirs !== undefined) return { secret: theirs, origin: 'kept' }
    writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  }
  restrict(file)
  return { secret, origin: 'new' }
}

/**
 * The kept secret, or undefined when there is none or it is unusable (empty, too short: a truncated write).
 * @param {string} file
 * @returns {string | undefined}
 */
function readKept(file) {
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined
    throw error
  }
  const secret = text.trim()
  if (secret.length < MIN_SECRET_LENGTH) return undefined
  restrict(file)
  return secret
}

/**
 * Owner-only: `writeFileSync`'s mode applies only when it creates the file, and the umask can narrow it but
 * not a file copied or created by hand. Windows has no such bits to set.
 * @param {string} file
 */
function restrict(file) {
  if (process.platform === 'win32') return
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
}

/**
 * @param {unknown} error
 * @param {string} code
 */
function isCode(error, code) {
  return error instanceof Error && 'code' in error && error.code === code
}
