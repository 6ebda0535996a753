import type { Env } from './env-schema.js'
import { requireSet } from './variables.js'

/** How to reach a watsonx Assistant (ibm-watson AssistantV2) for `POST /assistant/message`. */
export interface WatsonConfig {
  apiKey: string
  serviceUrl: string
  assistantId: string
  environmentId: string
  /** The API version date AssistantV2 is called with. */
  version: string
}

export interface AssistantConfig {
  /** Undefined: no WATSON_* variables, the built-in scripted assistant answers. */
  watson: WatsonConfig | undefined
}

const WATSON_VARIABLES = ['WATSON_API_KEY', 'WATSON_SERVICE_URL', 'WATSON_ASSISTANT_ID', 'WATSON_ENVIRONMENT_ID'] as const

/**
 * watsonx Assistant is configured by all four WATSON_* variables or by none; half a configuration would
 * silently fall back to the scripted assistant, so it stops the start naming the first one missing.
 *
 * @example
 * toAssistantConfig(env).watson // undefined without WATSON_* variables
 */
export function toAssistantConfig(env: Env): AssistantConfig {
  const set = WATSON_VARIABLES.filter((name) => env[name] !== undefined)
  if (set.length === 0) return { watson: undefined }
  const why = ` when ${set[0]} is set (set all of ${WATSON_VARIABLES.join(', ')}, or none)`
  return {
    watson: {
      apiKey: requireSet('WATSON_API_KEY', env.WATSON_API_KEY, why),
      serviceUrl: requireSet('WATSON_SERVICE_URL', env.WATSON_SERVICE_URL, why),
      assistantId: requireSet('WATSON_ASSISTANT_ID', env.WATSON_ASSISTANT_ID, why),
      environmentId: requireSet('WATSON_ENVIRONMENT_ID', env.WATSON_ENVIRONMENT_ID, why),
      version: env.WATSON_VERSION,
    },
  }
}
