import type { AgentState } from '@flex-escalate/api'
import WebSocket from 'ws'

/**
 * A lean agent console for load: answers requests by id and keeps only the newest `state` (a console under
 * load receives a state per change; keeping every one would measure the test, not the middleware).
 *
 * @example
 * const agent = await LeanAgent.signIn(`${wsBase}/sandbox/agent`, 'Ana')
 * await agent.request({ type: 'send', chatSid, body: 'hi' })
 */
export class LeanAgent {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>()
  state: AgentState | undefined
  /** States received so far: note it, act, then {@link stateAfter} it, and no state in between is missed. */
  stateCount = 0
  private readonly stateListeners = new Set<() => void>()

  private constructor(
    private readonly ws: WebSocket,
    private readonly requestTimeoutMs: number,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string
        id?: number
        ok?: boolean
        result?: unknown
        error?: { message: string }
        state?: AgentState
      }
      if (frame.type === 'reply' && frame.id !== undefined) {
        const waiter = this.pending.get(frame.id)
        if (!waiter) return
        this.pending.delete(frame.id)
        clearTimeout(waiter.timer)
        if (frame.ok) waiter.resolve(frame.result)
        else waiter.reject(new Error(frame.error?.message ?? 'refused'))
      } else if (frame.type === 'state') {
        this.state = frame.state
        this.stateCount++
        for (const listener of [...this.stateListeners]) listener()
      }
    })
  }

  /** Opens a console and signs in as `name`, Available. Each request fails after `requestTimeoutMs` without a reply. */
  static async signIn(url: string, name: string, options: { requestTimeoutMs?: number } = {}): Promise<LeanAgent> {
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    const agent = new LeanAgent(ws, options.requestTimeoutMs ?? 15_000)
    await agent.request({ type: 'signIn', name })
    await agent.request({ type: 'setActivity', activity: 'Available' })
    return agent
  }

  /** Sends a request and resolves with its result; rejects when refused, or with no reply in time (never hangs). */
  request(frame: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`Failed to get a reply to ${String(frame.type)} within ${this.requestTimeoutMs} ms.`))
      }, this.requestTimeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      this.ws.send(JSON.stringify({ ...frame, id }))
    })
  }

  /** Resolves with the first state (the current one included) that satisfies `where`; rejects after `timeoutMs`. */
  until(where: (state: AgentState) => boolean, timeoutMs = 10_000): Promise<AgentState> {
    return new Promise((resolve, reject) => {
      const done = (): boolean => {
        const state = this.state
        if (!state || !where(state)) return false
        this.stateListeners.delete(listener)
        clearTimeout(timer)
        resolve(state)
        return true
      }
      const listener = () => void done()
      const timer = setTimeout(() => {
        this.stateListeners.delete(listener)
        reject(new Error(`Failed to see the expected agent state within ${timeoutMs} ms (${this.stateCount} states received).`))
      }, timeoutMs)
      if (!done()) this.stateListeners.add(listener)
    })
  }

  /** Resolves once more than `count` states have arrived (at once if they already have). Bound it by the caller's deadline. */
  stateAfter(count: number): Promise<void> {
    if (this.stateCount > count) return Promise.resolve()
    return new Promise((resolve) => {
      const listener = () => {
        this.stateListeners.delete(listener)
        resolve()
      }
      this.stateListeners.add(listener)
    })
  }

  close(): void {
    this.ws.close()
  }
}
