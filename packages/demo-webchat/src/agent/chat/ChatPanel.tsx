import type { AgentChat, AgentState } from '@flex-escalate/api'
import { useEffect, useRef } from 'react'
import type { AgentCommand } from '../connection/protocol.js'
import type { RunOptions } from '../connection/use-agent-console.js'
import { Composer } from './Composer.js'
import { MessageList } from './MessageList.js'
import { isTranscript, lastAgentMessageIndex, newestIndex, viewOf, visitorReadIndex } from './message-view.js'
import { presenceOf } from './presence.js'
import { RatingSummary } from './RatingSummary.js'
import { SummaryCard } from './SummaryCard.js'
import { TransferControl } from './TransferControl.js'
import { VisitorAwayBanner } from './VisitorAwayBanner.js'
import './chat.css'

interface Props {
  chat: AgentChat
  state: AgentState
  visitorTyping: boolean
  /** The visitor's read horizon from `readHorizon` events. */
  visitorHorizon: number | undefined
  run(command: AgentCommand, options?: RunOptions): Promise<boolean>
  /** Text, files or both as one message. */
  sendMessage(chatSid: string, body: string, files: readonly File[]): Promise<boolean>
  onTyping(chatSid: string): void
}

/** One chat: the assistant's hand-over first, then the conversation, the composer and the chat's actions. */
export function ChatPanel({ chat, state, visitorTyping, visitorHorizon, run, sendMessage, onTyping }: Props) {
  const transcript = chat.messages.find(isTranscript)
  const views = chat.messages.filter((m) => !isTranscript(m)).map((m) => viewOf(m, chat, state))
  const lastAgent = lastAgentMessageIndex(views)
  const horizon = visitorReadIndex(chat, visitorHorizon)
  const readIndex = lastAgent !== undefined && horizon !== undefined && horizon >= lastAgent ? lastAgent : undefined
  const live = !chat.ended && chat.status === 'assigned'
  const presence = presenceOf(chat)
  useMarkRead(chat, run)

  return (
    <section className="chat" aria-label={`Chat with ${chat.visitor.displayName}`} data-testid="chat-panel" data-chat-sid={chat.chatSid}>
      <header className="chat-header">
        <div>
          <h2>{chat.visitor.displayName}</h2>
          <p className="muted small">
            {chat.topic ?? 'General'} · {chat.status === 'wrapping' ? 'Wrap-up' : chat.ended ? 'Ended' : 'Active'}
            {presence && (
              <>
                {' · '}
                <span className={`presence presence-${presence.kind}`} data-testid="chat-header-presence">
                  <span className="presence-dot" aria-hidden="true" />
                  {presence.text}
                </span>
              </>
            )}
          </p>
        </div>
        <div className="chat-actions">
          <TransferControl
            state={state}
            disabled={!live || chat.transferring !== undefined}
            onTransfer={(to) => void run({ type: 'transfer', taskSid: chat.taskSid, to })}
          />
          <button
            type="button"
            className="button"
            data-testid="chat-leave"
            disabled={!live}
            onClick={() => void run({ type: 'leave', taskSid: chat.taskSid })}
          >
            Leave
          </button>
          <button
            type="button"
            className="button danger"
            data-testid="chat-end"
            disabled={chat.status !== 'assigned'}
            onClick={() => void run({ type: 'end', taskSid: chat.taskSid })}
          >
            End chat
          </button>
        </div>
      </header>
      {chat.transferring && (
        <div className="banner banner-info" role="status" data-testid="chat-transferring">
          Transferring to {chat.transferring.to}… you keep the chat until they accept.
        </div>
      )}
      {chat.visitorAway && live && <VisitorAwayBanner away={chat.visitorAway} />}
      {(chat.ended || chat.status === 'wrapping') && (
        <div className="banner banner-info wrapup" role="status" data-testid="chat-ended">
          <span>The chat has ended. Complete the wrap-up to free your slot.</span>
          <RatingSummary rating={chat.rating} />
          <button
            type="button"
            className="button primary"
            data-testid="chat-complete"
            disabled={chat.status !== 'wrapping'}
            onClick={() => void run({ type: 'complete', taskSid: chat.taskSid })}
          >
            Complete wrap-up
          </button>
        </div>
      )}
      <div className="chat-scroll">
        <SummaryCard chat={chat} transcript={transcript?.body} />
        <MessageList views={views} readIndex={readIndex} visitorTyping={visitorTyping && live} visitorName={chat.visitor.displayName} />
      </div>
      <Composer
        key={chat.chatSid}
        disabled={!live}
        onTyping={() => onTyping(chat.chatSid)}
        onSend={(body, files) => sendMessage(chat.chatSid, body, files)}
      />
    </section>
  )
}

/**
 * Marks the chat read up to its newest message whenever new messages are on screen and the tab is visible,
 * which is what gives the visitor their read receipt.
 */
function useMarkRead(chat: AgentChat, run: Props['run']): void {
  const sent = useRef(new Map<string, number>())
  const newest = newestIndex(chat)
  const { chatSid, ended } = chat
  // biome-ignore lint/correctness/useExhaustiveDependencies: `chat` is a new snapshot on every state, which retries a read that was lost.
  useEffect(() => {
    const mark = () => {
      if (newest === undefined || ended || document.visibilityState !== 'visible') return
      if ((sent.current.get(chatSid) ?? -1) >= newest) return
      sent.current.set(chatSid, newest)
      // Quiet: a read lost to a dropped connection is not worth an error banner; it is retried.
      void run({ type: 'read', chatSid, index: newest }, { quiet: true }).then((ok) => {
        // Retried on the next state (a reconnection sends one).
        if (!ok && sent.current.get(chatSid) === newest) sent.current.delete(chatSid)
      })
    }
    mark()
    document.addEventListener('visibilitychange', mark)
    return () => document.removeEventListener('visibilitychange', mark)
  }, [chat, chatSid, newest, ended, run])
}
