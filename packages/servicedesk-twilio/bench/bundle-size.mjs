#!/usr/bin/env node
/**
 * Bundle-size bench: bundles src/index.ts as a browser app would (esbuild, ESM, code splitting, minified,
 * nothing external) and prints the gzip / brotli size of the initial chunk and of each transport chunk.
 *
 * Exits non-zero only on functional errors: the build fails, a transport is not split into its own chunk,
 * or Twilio SDK code lands in the initial chunk. A large figure alone is reported, never fatal.
 *
 *   npm run bench -w @flex-escalate/servicedesk-twilio
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const INITIAL_GZIP_GOAL = 6 * 1024
const SDK_PATTERN = /node_modules[\\/](twilio-chat|@twilio[\\/]|twilio-sync|twilsock)/
/** The protocol package's schemas are for servers and tests: a browser chunk takes only its types. */
const TYPEBOX_PATTERN = /node_modules[\\/]typebox[\\/]/
/** Modules that must stay out of the initial chunk, each reached by import() when a chat starts. */
const LAZY = {
  'chat engine (desk/live-chat)': { source: 'src/desk/live-chat.ts' },
  'programmable-chat transport': { source: 'src/transports/programmable-chat.ts', sdk: 'twilio-chat SDK' },
  'conversations transport': { source: 'src/transports/conversations.ts', sdk: '@twilio/conversations SDK' },
  // No SDK: the browser's WebSocket. Its whole closure must still stay free of Twilio SDKs and TypeBox.
  'sandbox transport (WebSocket)': { source: 'src/transports/sandbox.ts', sdkFree: true },
}

const outdir = await mkdtemp(path.join(tmpdir(), 'servicedesk-twilio-bench-'))
const problems = []
try {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: ['src/index.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2020',
    metafile: true,
    logLevel: 'error',
  })
  const outputs = result.metafile.outputs
  const relative = (file) => path.relative(packageDir, path.resolve(packageDir, file))

  /** A chunk plus every chunk it statically imports: what the browser must download to run it. */
  const closure = (start) => {
    const seen = new Set()
    const visit = (file) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const item of outputs[file].imports) if (item.kind === 'import-statement' && outputs[item.path]) visit(item.path)
    }
    visit(start)
    return seen
  }
  const sizes = async (files) => {
    const code = Buffer.concat(await Promise.all([...files].map((file) => readFile(path.resolve(packageDir, file)))))
    return {
      raw: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    }
  }
  const sdkInputs = (files) => [...files].flatMap((file) => Object.keys(outputs[file].inputs)).filter((input) => SDK_PATTERN.test(input))

  const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === 'src/index.ts')
  const initial = closure(entry)
  const rows = [['initial (index.js + static imports)', initial, await sizes(initial)]]

  for (const [name, { source, sdk, sdkFree }] of Object.entries(LAZY)) {
    const chunk = Object.keys(outputs).find((file) => Object.keys(outputs[file].inputs).includes(source))
    if (!chunk || initial.has(chunk)) {
      problems.push(`the ${name} is not in a chunk of its own reached by import()`)
      continue
    }
    const loaded = [...closure(chunk)].filter((file) => !initial.has(file))
    rows.push([`${name}, on startChat`, new Set(loaded), await sizes(loaded)])
    if (sdkFree) {
      // Everything the transport can ever load: its chunks and whatever they import() in turn.
      const reached = new Set(loaded)
      for (const file of loaded) {
        for (const item of outputs[file].imports) {
          if (item.kind === 'dynamic-import' && outputs[item.path]) for (const next of closure(item.path)) reached.add(next)
        }
      }
      const inputs = [...reached].flatMap((file) => Object.keys(outputs[file].inputs))
      if (inputs.some((input) => SDK_PATTERN.test(input) || TYPEBOX_PATTERN.test(input))) problems.push(`the ${name} loads SDK or TypeBox code`)
    }
    if (!sdk) continue
    const dynamic = outputs[chunk].imports.filter((item) => item.kind === 'dynamic-import' && outputs[item.path])
    const sdkFiles = new Set(dynamic.flatMap((item) => [...closure(item.path)]).filter((file) => !initial.has(file) && !loaded.includes(file)))
    if (sdkInputs(sdkFiles).length === 0) problems.push(`the ${sdk} is not loaded by import() from the ${name}`)
    rows.push([`${sdk}, on startChat`, sdkFiles, await sizes(sdkFiles)])
  }

  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
  console.log('\n## servicedesk-twilio bundle size\n')
  console.log('| chunk | files | raw | gzip | brotli |')
  console.log('|---|---|---:|---:|---:|')
  for (const [label, files, size] of rows) {
    const names = [...files].map((file) => path.basename(relative(file)))
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ')
    console.log(`| ${label} | ${shown} | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`)
  }

  const leaked = sdkInputs(initial)
  const typebox = [...initial].flatMap((file) => Object.keys(outputs[file].inputs)).filter((input) => TYPEBOX_PATTERN.test(input))
  if (typebox.length > 0) problems.push('TypeBox (the protocol schemas) is in the initial chunk')
  const initialGzip = rows[0][2].gzip
  console.log('')
  console.log(`- Twilio SDK code in the initial chunk: ${leaked.length === 0 ? 'none (0 bytes)' : `YES: ${leaked.slice(0, 5).join(', ')}`}`)
  console.log(`- Initial chunk under 6 KB gzip: ${initialGzip < INITIAL_GZIP_GOAL ? 'yes' : 'no'} (${kb(initialGzip)})`)
  if (leaked.length > 0) problems.push('Twilio SDK code is in the initial chunk')
} catch (error) {
  problems.push(`the bundle failed to build: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  await rm(outdir, { recursive: true, force: true })
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`bench error: ${problem}`)
  process.exit(1)
}
