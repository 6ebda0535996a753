import type { AgentActivity, AgentState } from '@flex-escalate/api'

const ACTIVITIES: readonly AgentActivity[] = ['Offline', 'Available', 'Unavailable']

interface Props {
  worker: AgentState['worker'] | undefined
  name: string
  /** False while the socket is down: a change could not be sent. */
  connected: boolean
  onActivity(activity: AgentActivity): void
  onSignOut(): void
}

function isActivity(value: string): value is AgentActivity {
  return (ACTIVITIES as readonly string[]).includes(value)
}

/** "Skills: billing · Languages: es, en", for the name's tooltip. */
function badgeTitle(worker: AgentState['worker'] | undefined): string | undefined {
  const parts = [
    worker?.skills.length ? `Skills: ${worker.skills.join(', ')}` : '',
    worker?.languages.length ? `Languages: ${worker.languages.join(', ')}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/** Who is signed in, their availability (what routing looks at), and sign-out. */
export function ConsoleHeader({ worker, name, connected, onActivity, onSignOut }: Props) {
  const activity = worker?.activity ?? 'Offline'
  return (
    <header className="console-header">
      {/* The page's one heading of level 1: each section below is an h2 under it. */}
      <h1 className="console-title">
        <span className="console-logo" aria-hidden="true">
          ◆
        </span>
        Agent console <span className="muted">· Flex sandbox</span>
      </h1>
      <div className="console-agent">
        <span className="agent-badge" title={badgeTitle(worker)}>
          {worker?.name ?? name}
        </span>
        <label className={`availability availability-${activity.toLowerCase()}`}>
          <span className="visually-hidden">Availability</span>
          <span className="availability-dot" aria-hidden="true" />
          <select
            data-testid="agent-availability"
            value={activity}
            disabled={!worker || !connected}
            onChange={(event) => {
              if (isActivity(event.target.value)) onActivity(event.target.value)
            }}
          >
            {ACTIVITIES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button ghost" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  )
}
