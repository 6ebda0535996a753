import WebSocket from 'ws'

/** @typedef {import('@flex-escalate/api').ReplyFrame} ReplyFrame */
/** @typedef {import('@flex-escalate/api').VisitorEvent} VisitorEvent */
/** @typedef {import('@flex-escalate/api').AgentEvent} AgentEvent */

/**
 * @template T
 * @typedef {T extends unknown ? Omit<T, 'id'> : never} WithoutId
 */

/**
 * A request as the bench writes it: `request()` adds the `id`.
 *
 * @typedef {WithoutId<import('@flex-escalate/api').VisitorRequest | import('@flex-escalate/api').AgentRequest>} RequestFrame
 */

/**
 * What a reply's `result` holds, for the requests whose result the bench reads (the server's side:
 * `packages/flex-sandbox/src/hub`). The others resolve with `unknown`.
 *
 * @typedef {object} KnownResults
 * @property {import('@flex-escalate/api').VisitorReady} authenticate
 * @property {{ taskSid: string, chatSid: string }} accept
 */

/**
 * @template {{ type: string }} F
 * @typedef {F['type'] extends keyof KnownResults ? KnownResults[F['type']] : unknown} ResultOf
 */

/**
 * @param {ReplyFrame | { type: string }} frame
 * @returns {frame is ReplyFrame}
 */
const isReply = (frame) => frame.type === 'reply'

/**
 * A sandbox WebSocket client speaking the protocol of `packages/api/src/sandbox.ts`: requests with an
 * `id` resolve with their `reply`; every other frame goes to `onEvent(frame, receivedAt)`.
 *
 * @example
 * const visitor = await SandboxClient.connect(`${url}/sandbox/visitor`, (event, at) => ...)
 * await visitor.request({ type: 'authenticate', token, chatSid })
 *
 * @template {VisitorEvent | AgentEvent} Event the events of this socket (visitor or agent)
 */
export class SandboxClient {
  /** @type {WebSocket} */
  #socket
  #nextId = 1
  /** @type {Map<number, { resolve: (result: unknown) => void, reject: (error: Error) => void, type: string }>} */
  #pending = new Map()
  /** @type {{ code: number, reason: string } | undefined} */
  closedWith = undefined

  /**
   * @param {WebSocket} socket
   * @param {(frame: Event, receivedAt: number) => void} onEvent
   */
  constructor(socket, onEvent) {
    this.#socket = socket
    socket.on('message', (data) => {
      const at = performance.now()
      /** @type {ReplyFrame | Event} the server's JSON, trusted in shape */
      const frame = JSON.parse(data.toString())
      if (isReply(frame)) {
        const pending = this.#pending.get(frame.id)
        this.#pending.delete(frame.id)
        if (!pending) return
        if (frame.ok) pending.resolve(frame.result)
        else pending.reject(new Error(`${pending.type} was refused: ${frame.error.code}: ${frame.error.message}`))
        return
      }
      onEvent(frame, at)
    })
    socket.on('close', (code, reason) => {
      this.closedWith = { code, reason: reason.toString() }
      for (const pending of this.#pending.values())
        pending.reject(new Error(`${pending.type} got no reply: the socket closed with ${code} ${reason}`))
      this.#pending.clear()
    })
  }

  /**
   * Opens a socket; resolves once it is open.
   *
   * @template {VisitorEvent | AgentEvent} E
   * @param {string} url
   * @param {(frame: E, receivedAt: number) => void} onEvent
   * @returns {Promise<SandboxClient<E>>}
   */
  static connect(url, onEvent) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      const client = new SandboxClient(socket, onEvent)
      socket.once('open', () => resolve(client))
      socket.once('error', (error) => reject(new Error(`Failed to open ${url}: ${error.message}`)))
    })
  }

  /**
   * Sends a request and resolves with its reply's result (rejects on `ok: false`).
   *
   * @template {RequestFrame} F
   * @param {F} frame
   * @returns {Promise<ResultOf<F>>}
   */
  request(frame) {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      // The reply's result is the server's JSON: typed by KnownResults, not checked.
      const settle = (/** @type {unknown} */ result) => resolve(/** @type {ResultOf<F>} */ (result))
      this.#pending.set(id, { resolve: settle, reject, type: frame.type })
      this.#socket.send(JSON.stringify({ ...frame, id }))
    })
  }

  close() {
    this.#socket.terminate()
  }
}
