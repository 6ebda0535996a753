/** A deep copy of a JSON object, refusing anything that would not survive JSON (the wire format). */
export function jsonObject(value: unknown, action: string): Record<string, unknown> {
  let copy: unknown
  try {
    copy = JSON.parse(JSON.stringify(value))
  } catch (error) {
    throw new Error(`Failed to ${action}: its attributes are not JSON (${(error as Error).message}). Please pass plain data.`)
  }
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    throw new Error(`Failed to ${action}: its attributes must be a JSON object. Please wrap the values in an object.`)
  }
  return copy as Record<string, unknown>
}
