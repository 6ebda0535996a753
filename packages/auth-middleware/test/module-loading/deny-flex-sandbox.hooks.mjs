/**
 * Module resolution hooks (https://nodejs.org/api/module.html#customization-hooks) that refuse to load
 * `@flex-escalate/flex-sandbox`: a process started with them fails the moment anything imports the sandbox.
 */
const SANDBOX = /(^@flex-escalate\/flex-sandbox(\/|$))|\/packages\/flex-sandbox\//

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  if (SANDBOX.test(specifier) || SANDBOX.test(resolved.url)) {
    throw new Error(`flex-sandbox loaded: ${specifier} from ${context.parentURL ?? 'the entry'}`)
  }
  return resolved
}
