import type { AgentInfo, ChatCallbacks } from '../host/chat-callbacks.js'
import type { ChatMember } from '../transports/chat-transport.js'

/**
 * The agents in the chat and which of them are typing. Announces joins to the host, and a join while
 * another agent is present as a transfer (`beginTransferToAnotherAgent`, then `agentJoined`).
 *
 * The hosts know one agent at a time: the last one announced. Only that agent leaving is announced
 * (`agentLeftChat`); Flex completes a transfer by adding the new agent and then removing the old one, and
 * announcing that removal would make Carbon say "<new agent> disconnected." and drop the new agent's name.
 */
export class AgentRoster {
  readonly #agents = new Map<string, AgentInfo>()
  readonly #typing = new Set<string>()
  /** The agent the host shows: the last one announced with `agentJoined`. */
  #current: string | undefined

  constructor(
    private readonly host: ChatCallbacks,
    /** Shown when an agent's user has no friendly name (`agentFallbackName`): never the raw identity. */
    private readonly fallbackName: string,
  ) {}

  get size(): number {
    return this.#agents.size
  }

  has(identity: string): boolean {
    return this.#agents.has(identity)
  }

  list(): AgentInfo[] {
    return [...this.#agents.values()]
  }

  /** Agents the host already knows about (after a reload): no announcement. */
  restore(agents: AgentInfo[]): void {
    for (const agent of agents) this.#agents.set(agent.id, agent)
    this.#current = agents.at(-1)?.id
  }

  /** An agent joined; `transfer` says the visitor was already handed over once (an agent left before). */
  async joined(member: ChatMember, transfer: boolean): Promise<void> {
    if (this.#agents.has(member.identity)) return
    const profile = await member.loadProfile()
    const agent: AgentInfo = {
      id: member.identity,
      nickname: profile.friendlyName ?? this.fallbackName,
      ...(profile.avatarUrl && { avatarUrl: profile.avatarUrl }),
    }
    const anotherPresent = this.#agents.size > 0
    this.#agents.set(agent.id, agent)
    if (anotherPresent && !transfer) await this.host.beginTransfer(agent)
    this.#current = agent.id
    await this.host.agentJoined(agent)
  }

  /**
   * An agent left: stops its typing, and tells the host if it was the agent the host shows; if another
   * agent is still in the chat, that one is shown again. Returns whether it was an agent of this chat.
   */
  async left(identity: string): Promise<boolean> {
    if (!this.#agents.delete(identity)) return false
    await this.typingEnded(identity)
    if (identity !== this.#current) return true
    this.#current = undefined
    await this.host.agentLeftChat()
    const remaining = this.list().at(-1)
    if (remaining) {
      this.#current = remaining.id
      await this.host.agentJoined(remaining)
    }
    return true
  }

  async typingStarted(identity: string): Promise<void> {
    if (!this.#agents.has(identity) || this.#typing.has(identity)) return
    this.#typing.add(identity)
    if (this.#typing.size === 1) await this.host.agentTyping(true)
  }

  /** Also called when the agent's message arrives: a message ends that agent's typing. */
  async typingEnded(identity: string): Promise<void> {
    if (!this.#typing.delete(identity)) return
    if (this.#typing.size === 0) await this.host.agentTyping(false)
  }
}
