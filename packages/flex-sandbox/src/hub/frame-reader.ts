import type { TObject, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { RawData } from 'ws'

export type ReadResult<Frame> =
  | { ok: true; frame: Frame }
  /** `id` is the request id when the frame had a usable one, so the error can be answered. */
  | { ok: false; id: number | undefined; message: string }

export interface FrameReader<Frame> {
  read(data: RawData, isBinary: boolean): ReadResult<Frame>
  /** The request id of a frame, read without validating the rest (to answer a frame that is refused early). */
  idOf(data: RawData): number | undefined
}

interface Variant {
  check(value: unknown): boolean
  firstError(value: unknown): string
}

/**
 * Reads client frames against a protocol union (`VisitorRequest`, `AgentRequest`). Each variant is compiled
 * once, and looked up by its `type`, so an error names the one field that is wrong ("field body must be
 * string") rather than listing why the frame fails every variant of the union.
 *
 * @example
 * const reader = createFrameReader<VisitorRequest>(VisitorRequest)
 * const read = reader.read(Buffer.from('{"type":"history","id":1,"afterIndex":-1}'), false)
 * if (read.ok) read.frame.type // 'history'
 */
export function createFrameReader<Frame extends { type: string }>(union: { anyOf: readonly TSchema[] }): FrameReader<Frame> {
  const variants = new Map<string, Variant>()
  for (const schema of union.anyOf as readonly TObject[]) {
    const type = (schema.properties.type as { const?: unknown } | undefined)?.const
    if (typeof type !== 'string')
      throw new Error('Failed to compile the sandbox protocol: a frame variant has no literal `type`. Please give every variant one.')
    const validator = Compile(schema)
    variants.set(type, {
      check: (value) => validator.Check(value),
      firstError: (value) => describe(validator.Errors(value)[0]),
    })
  }
  const types = [...variants.keys()].join(', ')

  function parse(data: RawData): unknown {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8')
    return JSON.parse(text)
  }

  function idOf(value: unknown): number | undefined {
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined
    return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 2 ** 31 ? id : undefined
  }

  return {
    read(data, isBinary) {
      if (isBinary) return { ok: false, id: undefined, message: 'Failed to read the frame: it is binary. Please send JSON text frames.' }
      let value: unknown
      try {
        value = parse(data)
      } catch (err) {
        return {
          ok: false,
          id: undefined,
          message: `Failed to read the frame: it is not JSON (${(err as Error).message}). Please send one JSON object per frame.`,
        }
      }
      const id = idOf(value)
      const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined
      const variant = typeof type === 'string' ? variants.get(type) : undefined
      if (!variant) {
        const got = type === undefined ? 'no type' : `type ${JSON.stringify(type).slice(0, 40)}`
        return { ok: false, id, message: `Failed to read the frame: it has ${got}. Please send one of: ${types}.` }
      }
      if (!variant.check(value))
        return {
          ok: false,
          id,
          message: `Failed to read the ${String(type)} frame: ${variant.firstError(value)}. Please check it against the sandbox protocol.`,
        }
      return { ok: true, frame: value as Frame }
    },
    idOf(data) {
      try {
        return idOf(parse(data))
      } catch {
        return undefined
      }
    },
  }
}

interface ValidationError {
  instancePath: string
  message: string
  params?: unknown
}

function describe(error: ValidationError | undefined): string {
  if (!error) return 'it does not match the protocol'
  const required = (error.params as { requiredProperties?: unknown } | undefined)?.requiredProperties
  if (Array.isArray(required) && required.length > 0) return `field ${required.map(String).join(', ')} is missing`
  const additional = (error.params as { additionalProperties?: unknown } | undefined)?.additionalProperties
  if (Array.isArray(additional) && additional.length > 0) return `field ${additional.map(String).join(', ')} is not allowed`
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.')
  return field ? `field ${field} ${error.message}` : error.message
}
