import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']

/** Flags for headless Chromium on a locked-down machine: no sandbox (root), no background network calls. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

/**
 * The Chromium the end-to-end tests drive. `CHROMIUM_PATH` wins; then the usual system paths; failing
 * those, as root on Debian/Ubuntu, installs the `chromium` package (and the colour emoji font) with apt.
 * It never skips: without a browser the suite fails with a message that says how to fix it.
 *
 * @example
 * const executablePath = findOrInstallChromium()
 * const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
 */
export function findOrInstallChromium(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const configured = process.env.CHROMIUM_PATH
  if (configured) {
    if (existsSync(configured)) return configured
    throw new Error(
      `Failed to find Chromium: CHROMIUM_PATH=${configured} does not exist. Please point it at a Chromium binary or unset it.`,
    )
  }
  const found = CANDIDATES.find((path) => existsSync(path))
  if (found) return found

  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (!canInstall) {
    throw new Error(
      'Failed to find Chromium for the end-to-end tests: none of ' +
        CANDIDATES.join(', ') +
        ' exists and this process cannot install it. Please install the `chromium` package (apt-get install chromium) or set CHROMIUM_PATH.',
    )
  }
  log('e2e: Chromium not found; installing the Debian package `chromium` with apt-get (one-time, a minute or two)...')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-color-emoji'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  })
  const installed = CANDIDATES.find((path) => existsSync(path))
  if (!installed)
    throw new Error('Failed to install Chromium: apt-get finished but no chromium binary appeared. Please install it by hand.')
  log(`e2e: installed ${installed}`)
  return installed
}
