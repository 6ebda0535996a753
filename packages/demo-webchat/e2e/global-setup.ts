import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findOrInstallChromium } from './chromium.js'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Once per run: a browser to drive, and the built artefacts the stack serves (turbo builds them first). */
export default function setup(): void {
  process.env.CHROMIUM_PATH = findOrInstallChromium()
  for (const built of ['../dist/index.html', '../dist/agent.html', '../../auth-middleware/dist/server.js']) {
    if (!existsSync(resolve(here, built))) {
      throw new Error(
        `Failed to run the end-to-end tests: ${resolve(here, built)} is missing. Please run \`npm run build\` first (npm test does).`,
      )
    }
  }
}
