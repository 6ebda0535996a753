/**
 * Bundles the adapter as a browser app would (esbuild, ESM, code splitting, minified, nothing external)
 * and measures the gzip / brotli size of the initial chunk and of what each transport loads on startChat.
 * Used by `bundle-size.mjs` (this package's `npm run bench`) and by the root `npm run bench`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { emptyCoreJs } from './empty-core-js-plugin.mjs'

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// What a page loads before any escalation: the desk, its option checks, the English sentences (the closed
// notice and a failed start need them before the chat engine loads) and the opening-time formatting. Issue
// 15 brought the last three (5.5 KB before it, 8.8 KB after); other languages are ~1 KB chunks, loaded once.
export const INITIAL_GZIP_GOAL = 10 * 1024
export const CONVERSATIONS_GZIP_GOAL = 100 * 1024
const SDK_PATTERN = /node_modules[\\/](twilio-chat|@twilio[\\/]|twilio-sync|twilsock)/
/**
 * The protocol's schemas (TypeBox) never reach the initial chunk or a Twilio transport. Only the sandbox
 * transport loads them, to check every frame against the protocol (issue 11); the sandbox runs in
 * development only (the middleware refuses it in production), so no visitor in production downloads it.
 */
const TYPEBOX_PATTERN = /node_modules[\\/]typebox[\\/]/
/** Modules that must stay out of the initial chunk, each reached by import() when a chat starts. */
const LAZY = [
  { key: 'engine', name: 'chat engine (desk/chat-engine)', source: 'src/desk/chat-engine.ts' },
  { key: 'programmable-chat', name: 'programmable-chat transport', source: 'src/transports/programmable-chat.ts', sdk: 'twilio-chat SDK' },
  { key: 'conversations', name: 'conversations transport', source: 'src/transports/conversations.ts', sdk: '@twilio/conversations SDK' },
  // No SDK: the browser's WebSocket. Its whole closure must stay free of Twilio SDKs (TypeBox is its own).
  { key: 'sandbox', name: 'sandbox transport (WebSocket)', source: 'src/transports/sandbox.ts', sdkFree: true },
]

/** What only a chat asked for runs (the engine's own modules): none of it may reach the initial chunk. */
const ENGINE_ONLY = [
  'src/desk/chat-engine.ts',
  'src/desk/live-chat.ts',
  'src/desk/presence.ts',
  'src/host/chat-callbacks.ts',
  'src/host/auth-body.ts',
]

/**
 * @typedef {object} Variant
 * @property {string} label
 * @property {() => import('esbuild').Plugin[]} plugins
 */

/**
 * @typedef {object} ChunkRow sizes in bytes
 * @property {string} key
 * @property {string} label
 * @property {string[]} files
 * @property {number} raw
 * @property {number} gzip
 * @property {number} brotli
 */

/**
 * The two builds measured: as shipped, and for ES2020 browsers with the SDKs' core-js imports left out.
 *
 * @type {Record<string, Variant>}
 */
export const VARIANTS = {
  stock: { label: 'stock', plugins: () => [] },
  modern: { label: 'ES2020, core-js left out', plugins: () => [emptyCoreJs()] },
}

/**
 * Builds one variant and returns its chunks: `{ key, label, files, raw, gzip, brotli }` per row, with
 * `problems` for functional failures (a transport not split off, SDK or TypeBox code where it must not
 * be). Sizes are in bytes; a large size is never a problem.
 *
 * @example
 * const { rows, problems } = await measureBundle('modern')
 *
 * @param {string} [variantName] a key of VARIANTS
 * @returns {Promise<{ variant: string, label: string, rows: ChunkRow[], sdkBytesInInitial: number, problems: string[] }>}
 */
export async function measureBundle(variantName = 'stock') {
  const variant = VARIANTS[variantName]
  if (!variant)
    throw new Error(`Failed to measure the bundle: unknown variant "${variantName}" (use ${Object.keys(VARIANTS).join(' or ')}).`)
  const outdir = await mkdtemp(path.join(tmpdir(), 'servicedesk-twilio-bench-'))
  /** @type {string[]} */
  const problems = []
  /** @type {ChunkRow[]} */
  const rows = []
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
      plugins: variant.plugins(),
    })
    const outputs = result.metafile.outputs
    /** @param {string} file a key of `outputs` */
    const output = (file) => {
      const found = outputs[file]
      if (!found) throw new Error(`esbuild's metafile lists no output ${file}`)
      return found
    }

    /**
     * A chunk plus every chunk it statically imports: what the browser must download to run it.
     *
     * @param {string} start
     */
    const closure = (start) => {
      /** @type {Set<string>} */
      const seen = new Set()
      /** @param {string} file */
      const visit = (file) => {
        if (seen.has(file)) return
        seen.add(file)
        for (const item of output(file).imports) if (item.kind === 'import-statement' && outputs[item.path]) visit(item.path)
      }
      visit(start)
      return seen
    }
    /** @param {Iterable<string>} files */
    const sizes = async (files) => {
      const code = Buffer.concat(await Promise.all([...files].map((file) => readFile(path.resolve(packageDir, file)))))
      return {
        raw: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      }
    }
    /** @param {Iterable<string>} files */
    const inputsOf = (files) => [...files].flatMap((file) => Object.keys(output(file).inputs))
    /** @param {Iterable<string>} files */
    const sdkInputs = (files) => inputsOf(files).filter((input) => SDK_PATTERN.test(input))
    /**
     * @param {string} key
     * @param {string} label
     * @param {Iterable<string>} files
     */
    const row = async (key, label, files) =>
      rows.push({ key, label, files: [...files].map((f) => path.basename(f)), ...(await sizes(files)) })

    const entry = Object.keys(outputs).find((file) => output(file).entryPoint === 'src/index.ts')
    if (entry === undefined) throw new Error('esbuild made no chunk for src/index.ts')
    const initial = closure(entry)
    await row('initial', 'initial (index.js + static imports)', initial)

    for (const { key, name, source, sdk, sdkFree } of LAZY) {
      const chunk = Object.keys(outputs).find((file) => Object.keys(output(file).inputs).includes(source))
      if (!chunk || initial.has(chunk)) {
        problems.push(`${variant.label}: the ${name} is not in a chunk of its own reached by import()`)
        continue
      }
      const loaded = [...closure(chunk)].filter((file) => !initial.has(file))
      await row(key, `${name}, on startChat`, loaded)
      if (sdkFree) {
        // Everything the transport can ever load: its chunks and whatever they import() in turn.
        const reached = new Set(loaded)
        for (const file of loaded) {
          for (const item of output(file).imports) {
            if (item.kind === 'dynamic-import' && outputs[item.path]) for (const next of closure(item.path)) reached.add(next)
          }
        }
        if (inputsOf(reached).some((input) => SDK_PATTERN.test(input))) problems.push(`${variant.label}: the ${name} loads SDK code`)
      }
      if (!sdk) continue
      if (inputsOf(new Set(loaded)).some((input) => TYPEBOX_PATTERN.test(input))) {
        problems.push(`${variant.label}: the ${name} loads TypeBox (the protocol schemas)`)
      }
      const dynamic = output(chunk).imports.filter((item) => item.kind === 'dynamic-import' && outputs[item.path])
      const sdkFiles = new Set(
        dynamic.flatMap((item) => [...closure(item.path)]).filter((file) => !initial.has(file) && !loaded.includes(file)),
      )
      if (sdkInputs(sdkFiles).length === 0) problems.push(`${variant.label}: the ${sdk} is not loaded by import() from the ${name}`)
      await row(`${key}-sdk`, `${sdk}, on startChat`, sdkFiles)
    }

    const early = ENGINE_ONLY.filter((source) => inputsOf(initial).includes(source))
    if (early.length > 0) problems.push(`${variant.label}: chat engine code is in the initial chunk (${early.join(', ')})`)
    const leaked = sdkInputs(initial)
    if (leaked.length > 0) problems.push(`${variant.label}: Twilio SDK code is in the initial chunk (${leaked.slice(0, 3).join(', ')})`)
    if (inputsOf(initial).some((input) => TYPEBOX_PATTERN.test(input)))
      problems.push(`${variant.label}: TypeBox (the protocol schemas) is in the initial chunk`)
    return { variant: variantName, label: variant.label, rows, sdkBytesInInitial: leaked.length, problems }
  } catch (error) {
    problems.push(`${variant.label}: the bundle failed to build: ${error instanceof Error ? error.message : String(error)}`)
    return { variant: variantName, label: variant.label, rows, sdkBytesInInitial: NaN, problems }
  } finally {
    await rm(outdir, { recursive: true, force: true })
  }
}
