import type { AgentChat } from '@flex-escalate/api'
import { useEffect, useMemo, useRef, useState } from 'react'
import { ChatList } from './chat/ChatList.js'
import { ChatPanel } from './chat/ChatPanel.js'
import { useUnread } from './chat/use-unread.js'
import { withVisitorLabel } from './chat/visitor-label.js'
import { useAgentConsole } from './connection/use-agent-console.js'
import { ConsoleHeader } from './header/ConsoleHeader.js'
import { StatusBanners } from './header/StatusBanners.js'
import { OfferCard } from './offers/OfferCard.js'
import { QueueView } from './queue/QueueView.js'
import { SignIn } from './sign-in/SignIn.js'
import { useNow } from './time/use-now.js'

/** Per tab: a reload signs the same agent in again, within the server's grace period for its chats. */
const NAME_KEY = 'flex-escalate-demo:agent-name'
const LANGUAGES_KEY = 'flex-escalate-demo:agent-languages'

export function AgentApp({ socketUrl }: { socketUrl: string }) {
  const [name, setName] = useState<string | undefined>(() => sessionStorage.getItem(NAME_KEY) ?? undefined)
  const [languages, setLanguages] = useState<string[]>(() => (sessionStorage.getItem(LANGUAGES_KEY) ?? '').split(',').filter(Boolean))
  const agent = useAgentConsole(socketUrl, name, languages)
  const { state, status, run, typingIn } = agent
  const now = useNow(1000)
  // Every chat's visitor named once, so the list, the header and the messages agree ("Visitor 4F2A", not all "Website visitor").
  const chats = useMemo(() => (state?.chats ?? []).map(withVisitorLabel), [state?.chats])
  const selected = useSelectedChat(state?.chats)

  useEffect(() => {
    // A refused sign-in goes back to the form, which shows why.
    if (status === 'failed') {
      sessionStorage.removeItem(NAME_KEY)
      setName(undefined)
    }
  }, [status])

  const signIn = (next: string, spoken: string[]) => {
    sessionStorage.setItem(NAME_KEY, next)
    sessionStorage.setItem(LANGUAGES_KEY, spoken.join(','))
    setLanguages(spoken)
    setName(next)
  }

  const signOut = async () => {
    // Going Offline first hands this agent's open offers to someone else straight away.
    if (status === 'connected') await run({ type: 'setActivity', activity: 'Offline' }, { quiet: true })
    sessionStorage.removeItem(NAME_KEY)
    setName(undefined)
  }

  const chat = chats.find((c) => c.taskSid === selected.taskSid)
  const unread = useUnread(chats, chat?.chatSid)

  if (!name) return <SignIn initialName="" error={agent.error} onSignIn={signIn} />

  const connected = status === 'connected'

  return (
    <div className="console">
      <ConsoleHeader
        worker={state?.worker}
        name={name}
        connected={status === 'connected'}
        onActivity={(activity) => void run({ type: 'setActivity', activity })}
        onSignOut={() => void signOut()}
      />
      <StatusBanners
        status={status}
        error={agent.error}
        onDismissError={agent.clearError}
        notice={agent.notice}
        onDismissNotice={agent.dismissNotice}
      />
      <div className="console-body">
        <aside className="sidebar">
          {state && state.offers.length > 0 && (
            <section className="panel offers" aria-labelledby="offers-title">
              <h2 id="offers-title">Offers</h2>
              {state.offers.map((offer) => (
                <OfferCard
                  key={offer.reservationSid}
                  offer={offer}
                  now={now}
                  onAccept={(reservationSid) => void run({ type: 'accept', reservationSid })}
                  onReject={(reservationSid) => void run({ type: 'reject', reservationSid })}
                />
              ))}
            </section>
          )}
          <ChatList chats={chats} selected={chat?.taskSid} unread={unread} typing={agent.typing} onSelect={selected.select} />
          <QueueView
            waiting={state?.waiting ?? []}
            stateAt={agent.stateAt}
            now={now}
            canPick={connected}
            onPick={(taskSid) => void run({ type: 'pick', taskSid })}
          />
        </aside>
        <main className="chat-area">
          {chat && state ? (
            <ChatPanel
              key={chat.taskSid}
              chat={chat}
              state={state}
              visitorTyping={(agent.typing[chat.chatSid] ?? []).includes(chat.visitor.identity)}
              visitorHorizon={agent.horizons[chat.chatSid]?.[chat.visitor.identity]}
              run={run}
              sendMessage={agent.sendMessage}
              onTyping={typingIn}
            />
          ) : (
            <EmptyChat activity={state?.worker.activity} />
          )}
        </main>
      </div>
    </div>
  )
}

function EmptyChat({ activity }: { activity: string | undefined }) {
  return (
    <div className="chat-empty">
      <p className="chat-empty-title">No chat open</p>
      <p className="muted">
        {activity === 'Available'
          ? 'You are Available: new chats are offered to you on the left, with a countdown.'
          : 'Set yourself Available to receive chats, or pick one from the queue.'}
      </p>
    </div>
  )
}

/** Which chat is open: a chat that just arrived opens itself; a chat that went away falls back to the first. */
function useSelectedChat(chats: readonly AgentChat[] | undefined): { taskSid: string | undefined; select(taskSid: string): void } {
  const [taskSid, setTaskSid] = useState<string>()
  const known = useRef(new Set<string>())
  useEffect(() => {
    const list = chats ?? []
    const arrived = list.filter((c) => !known.current.has(c.taskSid))
    known.current = new Set(list.map((c) => c.taskSid))
    const newest = arrived.at(-1)
    if (newest) setTaskSid(newest.taskSid)
    else setTaskSid((current) => (list.some((c) => c.taskSid === current) ? current : list[0]?.taskSid))
  }, [chats])
  return { taskSid, select: setTaskSid }
}
