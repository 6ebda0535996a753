/**
 * A deployment on Twilio never loads the sandbox (issue 11): the built middleware runs in a child process
 * whose module resolution refuses `@flex-escalate/flex-sandbox` (deny-flex-sandbox.hooks.mjs). Sandbox
 * mode is the control: the same hooks make it fail, which proves they would catch a load. The `dist` the
 * package publishes is read as well: no sandbox code and no test helper is in it.
 */
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TEST_ENV } from '../harness.js'
import { SANDBOX_ENV } from '../sandbox/sandbox-harness.js'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const dist = fileURLToPath(new URL('../../dist/', import.meta.url))

/** Starts `build-app.mjs` with the hooks and `env`; resolves with its exit code and output. */
function buildInChild(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', here('./deny-flex-sandbox.mjs'), here('./build-app.mjs')],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

describe('starting the middleware', () => {
  it('with Twilio settings never loads @flex-escalate/flex-sandbox', async () => {
    const run = await buildInChild(TEST_ENV)
    expect(run.stderr).toBe('')
    expect(run).toMatchObject({ code: 0, stdout: 'ready conversations\n' })
  })

  it('in sandbox mode loads it (the hooks catch a load)', async () => {
    const run = await buildInChild(SANDBOX_ENV)
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('flex-sandbox loaded: @flex-escalate/flex-sandbox from')
    expect(run.stderr).toContain('sandbox-gateway.js')
  })
})

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => `${entry.parentPath}/${entry.name}`.slice(dir.length))
}

describe('the published dist', () => {
  it('holds no test helper and no test', async () => {
    const files = await filesUnder(dist)
    expect(files.length).toBeGreaterThan(20)
    expect(files.filter((file) => /test|testing|manual-clock|harness|fixture/i.test(file))).toEqual([])
  })

  it('reaches the sandbox only from sandbox-gateway.js, and only create-gateway.js loads that, with import()', async () => {
    const importers: string[] = []
    for (const file of (await filesUnder(dist)).filter((name) => name.endsWith('.js'))) {
      const text = await readFile(dist + file, 'utf8')
      if (/(from |import\()'@flex-escalate\/flex-sandbox/.test(text)) importers.push(file)
      const loads = [...text.matchAll(/(import\(|from )'\.{1,2}\/(?:[\w-]+\/)*sandbox-gateway\.js'/g)].map((match) => match[1])
      if (file === 'flex/create-gateway.js') expect(loads).toEqual(['import('])
      else expect(loads, `${file} imports sandbox-gateway.js`).toEqual([])
    }
    expect(importers).toEqual(['flex/sandbox-gateway.js'])
  })

  it('defines none of the sandbox itself (its router, chat store or hub)', async () => {
    for (const file of (await filesUnder(dist)).filter((name) => name.endsWith('.js'))) {
      const text = await readFile(dist + file, 'utf8')
      expect(text, file).not.toMatch(/class (SandboxRouter|ChatStore|MessageLog|FlexSandbox|WorkerPool)\b|sandbox\/visitor'/)
    }
  })
})
