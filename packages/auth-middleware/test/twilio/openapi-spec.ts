import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

/**
 * Twilio's own OpenAPI specs (twilio/twilio-oai), the yardstick every fake Twilio route is held to.
 * They come from the npm registry with @twilio-alpha/mcp (see specDirectory); TWILIO_OAI_DIR overrides.
 */
export type SpecName = 'twilio_conversations_v1' | 'twilio_flex_v1' | 'twilio_chat_v2' | 'twilio_taskrouter_v1' | 'twilio_api_v2010'

type HttpMethod = 'get' | 'post' | 'delete'

interface SchemaObject {
  $ref?: string
  type?: string
  properties?: Record<string, SchemaObject>
  required?: string[]
  enum?: unknown[]
  pattern?: string
  items?: SchemaObject
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: SchemaObject
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> }
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

interface OpenApiDocument {
  components: { schemas: Record<string, SchemaObject> }
  servers: { url: string }[]
  paths: Record<string, Partial<Record<HttpMethod, Operation>> & { parameters?: Parameter[]; servers?: { url: string }[] }>
}

/**
 * The folder of Twilio's `twilio-oai/spec/json` files: `TWILIO_OAI_DIR` when set, else the copy that Twilio's own
 * `@twilio-alpha/mcp` package ships (a devDependency, so a clone alone has it after `npm ci`).
 *
 * @example
 * readFileSync(join(specDirectory(), 'twilio_flex_v1.json'), 'utf8')
 */
export function specDirectory(): string {
  const dir = process.env.TWILIO_OAI_DIR ?? packagedSpecDirectory()
  if (!existsSync(join(dir, 'twilio_flex_v1.json'))) {
    throw new Error(
      `Failed to find Twilio's OpenAPI specs: ${dir} has no twilio_flex_v1.json. ` +
        'Please run `npm ci` (the specs come with the devDependency @twilio-alpha/mcp) or set TWILIO_OAI_DIR to a folder of twilio/twilio-oai spec/json files.',
    )
  }
  return dir
}

function packagedSpecDirectory(): string {
  // @twilio-alpha/mcp has no `exports` map, so its package.json resolves like any file of it.
  const manifest = createRequire(import.meta.url).resolve('@twilio-alpha/mcp/package.json')
  return join(dirname(manifest), 'twilio-oai', 'spec', 'json')
}

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
addFormats.default(ajv)
// Twilio's own formats carry no checkable shape beyond "string".
for (const format of ['uri-map', 'phone-number', 'sid', 'uri-template', 'date-time-rfc-2822', 'currency', 'http-method']) {
  ajv.addFormat(format, true)
}
const documents = new Map<SpecName, OpenApiDocument>()

function load(name: SpecName): OpenApiDocument {
  let doc = documents.get(name)
  if (!doc) {
    doc = JSON.parse(readFileSync(join(specDirectory(), `${name}.json`), 'utf8')) as OpenApiDocument
    ajv.addSchema(nullableToJsonSchema(structuredClone(doc)) as object, name)
    documents.set(name, doc)
  }
  return doc
}

const pointer = (...parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')

/** One operation of one spec: what a fake route must agree with. */
export class SpecOperation {
  readonly host: string
  private readonly operation: Operation
  private readonly doc: OpenApiDocument
  private readonly responseValidators = new Map<number, ValidateFunction | null>()

  constructor(
    readonly spec: SpecName,
    readonly method: HttpMethod,
    readonly path: string,
  ) {
    const doc = load(spec)
    this.doc = doc
    const item = doc.paths[path]
    const operation = item?.[method]
    if (!item || !operation) {
      throw new Error(
        `Failed to find ${method.toUpperCase()} ${path} in ${spec}.json: the fake calls an operation Twilio does not have. Please fix the fake route.`,
      )
    }
    this.operation = { ...operation, parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])] }
    this.host = new URL((item.servers ?? doc.servers)[0]!.url).host
  }

  get id(): string {
    return `${this.method.toUpperCase()} ${this.host}${this.path}`
  }

  get successStatuses(): number[] {
    return Object.keys(this.operation.responses)
      .map(Number)
      .filter((s) => s >= 200 && s < 300)
  }

  /** Problems with a form body: parameters Twilio does not define here, required ones missing, enum or pattern violations. */
  checkForm(form: URLSearchParams): string[] {
    const schema = this.operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema
    const defined = schema?.properties ?? {}
    const problems: string[] = []
    for (const key of new Set(form.keys())) {
      const property = defined[key]
      if (!property) {
        problems.push(`form parameter ${key} is not defined for ${this.id}`)
        continue
      }
      for (const value of form.getAll(key)) problems.push(...checkValue(`form parameter ${key}`, this.resolve(property), value))
    }
    for (const key of schema?.required ?? []) {
      if (!form.has(key)) problems.push(`required form parameter ${key} is missing for ${this.id}`)
    }
    return problems
  }

  /** Problems with a query string: parameters Twilio does not define here, or values outside their enum/pattern. */
  checkQuery(query: URLSearchParams): string[] {
    const defined = new Map((this.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p] as const))
    const problems: string[] = []
    for (const key of new Set(query.keys())) {
      const parameter = defined.get(key)
      if (!parameter) {
        problems.push(`query parameter ${key} is not defined for ${this.id}`)
        continue
      }
      if (parameter.schema) {
        for (const value of query.getAll(key)) problems.push(...checkValue(`query parameter ${key}`, this.resolve(parameter.schema), value))
      }
    }
    return problems
  }

  /** Problems with a reply: a status the operation does not declare, or a body its schema rejects. */
  checkResponse(status: number, body: unknown): string[] {
    if (!(String(status) in this.operation.responses)) {
      return [`status ${status} is not a declared response of ${this.id} (declared: ${Object.keys(this.operation.responses).join(', ')})`]
    }
    const validate = this.responseValidator(status)
    if (!validate) return body === null || body === undefined ? [] : [`${this.id} declares no body for ${status}`]
    if (validate(body)) return []
    return (validate.errors ?? []).map((e) => `response of ${this.id}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`)
  }

  /** Follows a local `$ref` (Twilio's enums live in components), for the item of an array too. */
  private resolve(schema: SchemaObject): SchemaObject {
    const follow = (s: SchemaObject): SchemaObject =>
      s.$ref ? (this.doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? s) : s
    const resolved = follow(schema)
    return resolved.items ? { ...resolved, items: follow(resolved.items) } : resolved
  }

  private responseValidator(status: number): ValidateFunction | null {
    if (!this.responseValidators.has(status)) {
      const hasSchema = Boolean(this.operation.responses[String(status)]?.content?.['application/json']?.schema)
      const ref = `${this.spec}#/${pointer('paths', this.path, this.method, 'responses', String(status), 'content', 'application/json', 'schema')}`
      this.responseValidators.set(status, hasSchema ? (ajv.getSchema(ref) ?? null) : null)
    }
    return this.responseValidators.get(status)!
  }
}

/**
 * OpenAPI 3.0's `nullable: true` beside a `$ref` or without a `type` (as Twilio writes it) means "this, or
 * null"; ajv only understands `nullable` next to `type`, so spell those out as `anyOf [schema, null]`.
 */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema)
  if (typeof node !== 'object' || node === null) return node
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) copy[key] = nullableToJsonSchema(value)
  if (copy.nullable === true && copy.type === undefined) {
    delete copy.nullable
    return { anyOf: [copy, { type: 'null' }] }
  }
  return copy
}

function checkValue(label: string, schema: SchemaObject, value: string): string[] {
  const item = schema.type === 'array' && schema.items ? schema.items : schema
  if (item.enum && !item.enum.includes(value)) return [`${label}="${value}" is not one of ${item.enum.join(', ')}`]
  if (item.pattern && !new RegExp(item.pattern).test(value)) return [`${label}="${value}" does not match ${item.pattern}`]
  if (item.type === 'integer' && !/^-?\d+$/.test(value)) return [`${label}="${value}" is not an integer`]
  if (item.type === 'boolean' && !/^(true|false)$/i.test(value)) return [`${label}="${value}" is not a boolean`]
  return []
}
