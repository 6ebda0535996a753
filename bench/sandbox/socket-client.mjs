import WebSocket from 'ws'

/**
 * A sandbox WebSocket client speaking the protocol of `packages/api/src/sandbox.ts`: requests with an
 * `id` resolve with their `reply`; every other frame goes to `onEvent(frame, receivedAt)`.
 *
 * @example
 * const visitor = await SandboxClient.connect(`${url}/sandbox/visitor`, (event, at) => ...)
 * await visitor.request({ type: 'authenticate', token, chatSid })
 */
export class SandboxClient {
  #socket
  #nextId = 1
  #pending = new Map()
  closedWith = undefined

  constructor(socket, onEvent) {
    this.#socket = socket
    socket.on('message', (data) => {
      const at = performance.now()
      const frame = JSON.parse(data.toString())
      if (frame.type === 'reply') {
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
      for (const pending of this.#pending.values()) pending.reject(new Error(`${pending.type} got no reply: the socket closed with ${code} ${reason}`))
      this.#pending.clear()
    })
  }

  /** Opens a socket; resolves once it is open. */
  static connect(url, onEvent) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      const client = new SandboxClient(socket, onEvent)
      socket.once('open', () => resolve(client))
      socket.once('error', (error) => reject(new Error(`Failed to open ${url}: ${error.message}`)))
    })
  }

  /** Sends a request and resolves with its reply's result (rejects on `ok: false`). */
  request(frame) {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, type: frame.type })
      this.#socket.send(JSON.stringify({ ...frame, id }))
    })
  }

  close() {
    this.#socket.terminate()
  }
}
