import type { Env } from './env-schema.js'

/** The local Flex sandbox's settings (sandbox mode only). */
export interface SandboxConfig {
  /** How long an agent has to accept an offer before it goes to the next agent. */
  reservationTimeoutSeconds: number
}

/** @example toSandboxConfig(env).reservationTimeoutSeconds // 30 unless SANDBOX_RESERVATION_TIMEOUT_SECONDS says otherwise */
export function toSandboxConfig(env: Env): SandboxConfig {
  return { reservationTimeoutSeconds: env.SANDBOX_RESERVATION_TIMEOUT_SECONDS }
}
