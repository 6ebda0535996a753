import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)))
const root = resolve(benchDir, '..')
const authBench = resolve(root, 'packages/auth-middleware/bench')

/** Every file and folder the bench reads or writes, in one place. */
export const paths = {
  root,
  benchDir,
  results: resolve(benchDir, 'results'),
  authMiddleware: resolve(root, 'packages/auth-middleware'),
  authBench,
  authBenchTsconfig: resolve(authBench, 'tsconfig.json'),
  authServer: resolve(authBench, 'dist/bench/auth-server.js'),
  sandboxServer: resolve(authBench, 'dist/bench/sandbox-server.js'),
  benchEnv: resolve(authBench, 'dist/bench/bench-env.js'),
  twilioOverHttps: resolve(authBench, 'dist/bench/twilio-over-https.js'),
  serverProbe: resolve(authBench, 'dist/bench/server-probe.js'),
  twilioHttpsServer: resolve(authBench, 'dist/bench/twilio-https-server.js'),
  loopbackTwilio: resolve(authBench, 'dist/bench/loopback-twilio.cjs'),
  authMiddlewareDist: resolve(root, 'packages/auth-middleware/dist/index.js'),
  referenceServer: resolve(benchDir, 'servers/reference-server.mjs'),
  straightforwardServer: resolve(benchDir, 'servers/straightforward-server.mjs'),
  sandboxClients: resolve(benchDir, 'sandbox/clients.mjs'),
  servicedeskBench: resolve(root, 'packages/servicedesk-twilio/bench/measure-bundle.mjs'),
  demoWebchat: resolve(root, 'packages/demo-webchat'),
  escalationConfig: resolve(root, 'packages/demo-webchat/e2e/vitest.bench.config.ts'),
}
