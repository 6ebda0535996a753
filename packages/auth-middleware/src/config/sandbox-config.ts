import type { Env } from './env-schema.js'

/** The local Flex sandbox's settings (sandbox mode only). */
export interface SandboxConfig {
  /** How long an agent has to accept an offer before it goes to the next agent. */
  reservationTimeoutSeconds: number
  /** How long a chat waits for an agent to accept it before Flex gives it up; undefined: for ever. */
  workflowTimeoutSeconds: number | undefined
}

/** @example toSandboxConfig(env).reservationTimeoutSeconds // 30 unless SANDBOX_RESERVATION_TIMEOUT_SECONDS says otherwise */
export function toSandboxConfig(env: Env): SandboxConfig {
  return {
    reservationTimeoutSeconds: env.SANDBOX_RESERVATION_TIMEOUT_SECONDS,
    // 0 is "never", as TaskRouter's workflows without a timeout.
    workflowTimeoutSeconds: env.SANDBOX_WORKFLOW_TIMEOUT_SECONDS || undefined,
  }
}
