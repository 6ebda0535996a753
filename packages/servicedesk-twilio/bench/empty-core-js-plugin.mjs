/**
 * An esbuild plugin that resolves every `core-js/*` import to an empty module.
 *
 * Twilio's browser SDKs (`@twilio/conversations`, `twilio-chat` and their dependencies) are compiled with
 * `require('core-js/modules/…')` polyfill imports for old browsers. Browsers that run ES2020 already have
 * every one of those features, so for them the imports are dead weight (about a third of the Conversations
 * SDK). Only use it when the page targets ES2020+ browsers.
 *
 * @example
 * await build({ ..., target: 'es2020', plugins: [emptyCoreJs()] })
 *
 * @returns {import('esbuild').Plugin}
 */
export function emptyCoreJs() {
  return {
    name: 'empty-core-js',
    setup(build) {
      build.onResolve({ filter: /^core-js(\/|$)/ }, (args) => ({ path: args.path, namespace: 'empty-core-js' }))
      build.onLoad({ filter: /.*/, namespace: 'empty-core-js' }, () => ({ contents: '', loader: 'js' }))
    },
  }
}
