import type { ChatEvent } from '../chat-model.js'
import type { AgentPresence } from './agent-presence.js'
import type { ChatSubscribers, HubContext } from './hub-context.js'
import type { MediaBudget } from './media-budget.js'
import { audienceOf } from './router-audience.js'
import { chatSidOf } from './visitor-events.js'
import type { VisitorSession } from './visitor-session.js'
import { toWireMessage } from './wire.js'

/**
 * Routes sandbox events to sockets: every chat event to the visitor sockets of that chat; typing and read
 * horizons as events, new messages as `messageAdded` at once and a state refresh, and anything else as a
 * state refresh, to the agent holding the chat; a router event
 * as a state refresh to the agents whose console it changes ({@link audienceOf}).
 * Returns the function that unsubscribes.
 *
 * @example
 * const stop = forwardSandboxEvents(ctx, visitors, presence, media)
 */
export function forwardSandboxEvents(
  ctx: HubContext,
  visitors: ChatSubscribers<VisitorSession>,
  presence: AgentPresence,
  media: MediaBudget,
): () => void {
  const { router, chats } = ctx.sandbox

  const toAgents = (event: ChatEvent, chatSid: string) => {
    // The view's index by chat, uncopied: this runs for every chat event (each message, each keystroke).
    const holder = router.view.openTaskForChat(chatSid)?.workerSid
    const listeners = presence.forWorker(holder)
    if (listeners.length === 0) return
    switch (event.type) {
      case 'typing.started':
      case 'typing.ended': {
        const { identity } = event.payload
        if (identity === holder) return
        for (const listener of listeners) listener.send({ type: 'typing', chatSid, identity, typing: event.type === 'typing.started' })
        return
      }
      case 'read.horizon.updated': {
        const { member } = event.payload
        if (member.identity === holder || member.lastReadIndex === undefined) return
        for (const listener of listeners)
          listener.send({ type: 'readHorizon', chatSid, identity: member.identity, lastReadIndex: member.lastReadIndex })
        return
      }
      case 'message.added': {
        // At once, unlike the debounced state that also carries it: the relay must not wait for a rebuild.
        const message = toWireMessage(event.payload.message)
        for (const listener of listeners) listener.send({ type: 'messageAdded', chatSid, message })
        break
      }
    }
    for (const listener of listeners) listener.scheduleState()
  }

  const offChats = chats.onAny((event) => {
    const chatSid = chatSidOf(event)
    for (const session of visitors.of(chatSid)) session.deliver(event)
    if (event.type === 'chat.removed') media.forget(chatSid)
    toAgents(event, chatSid)
  })
  const offRouter = router.onAny((event) => {
    const audience = audienceOf(router.view, event)
    if (audience === 'all') {
      for (const listener of presence.all()) listener.scheduleState()
      return
    }
    for (const workerSid of audience) for (const listener of presence.forWorker(workerSid)) listener.scheduleState()
  })
  return () => {
    offChats()
    offRouter()
  }
}
