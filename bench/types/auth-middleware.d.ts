/**
 * What the bench loads at run time from packages/auth-middleware's compiled output (`dist/` and
 * `bench/dist/`, made by `npm run build` and by `bench/run.mjs`), typed without needing that output: from the
 * sources where they have no further imports, otherwise as far as the bench uses them.
 */
/** `paths.serverProbe`: what a bench server reports over IPC. */
export type { ProbeSample } from '../../packages/auth-middleware/bench/server-probe.js'

/** `paths.benchEnv`. */
export type BenchEnvModule = typeof import('../../packages/auth-middleware/bench/bench-env.js')

/** `paths.serverProbe`. */
export type ServerProbeModule = typeof import('../../packages/auth-middleware/bench/server-probe.js')

/** `paths.twilioOverHttps`. */
export type TwilioOverHttpsModule = typeof import('../../packages/auth-middleware/bench/twilio-over-https.js')
