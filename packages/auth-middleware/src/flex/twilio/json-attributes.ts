/**
 * Twilio's `attributes` of a conversation, channel or task: a JSON string that is an object, or anything
 * else (null, invalid JSON, an array), which reads as no attributes.
 *
 * @example
 * jsonObject('{"status":"ACTIVE"}') // { status: 'ACTIVE' }
 * jsonObject('not json') // {}
 */
export function jsonObject(raw: string | null | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw ?? '{}')
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
