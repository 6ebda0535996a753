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
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  state: AgentState | undefined
  private stateWaiters: (() => void)[] = []

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string }; state?: AgentState }
      if (frame.type === 'reply' && frame.id !== undefined) {
        const waiter = this.pending.get(frame.id)
        this.pending.delete(frame.id)
        if (frame.ok) waiter?.resolve(frame.result)
        else waiter?.reject(new Error(frame.error?.message ?? 'refused'))
      } else if (frame.type === 'state') {
        this.state = frame.state
        for (const wake of this.stateWaiters.splice(0)) wake()
      }
    })
  }

  static async signIn(url: string, name: string): Promise<LeanAgent> {
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    const agent = new LeanAgent(ws)
    await agent.request({ type: 'signIn', name })
    await agent.request({ type: 'setActivity', activity: 'Available' })
    return agent
  }

  request(frame: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.ws.send(JSON.stringify({ ...frame, id }))
    })
  }

  /** Waits for a state that satisfies `where`. */
  async until(where: (state: AgentState) => boolean, timeoutMs = 10_000): Promise<AgentState> {
    const deadline = Date.now() + timeoutMs
    while (!this.state || !where(this.state)) {
      if (Date.now() > deadline) throw new Error('Failed to see the expected agent state in time.')
      await new Promise<void>((resolve) => {
        this.stateWaiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
    return this.state
  }

  close(): void {
    this.ws.close()
  }
}
