// Shared styles first, so each component's own stylesheet comes after them in the cascade.
import './base.css'
import './header/layout.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { agentSocketUrl, middlewareUrlFrom } from '../shared/middleware-url.js'
import { AgentApp } from './AgentApp.js'

const root = document.getElementById('root')
if (!root) throw new Error('agent.html must contain <div id="root">')

let socketUrl: string | undefined
let problem: string | undefined
try {
  socketUrl = agentSocketUrl(middlewareUrlFrom(window.location))
} catch (error) {
  problem = error instanceof Error ? error.message : String(error)
}

createRoot(root).render(
  <StrictMode>
    {socketUrl ? (
      <AgentApp socketUrl={socketUrl} />
    ) : (
      <p className="banner banner-error" role="alert">
        {problem}
      </p>
    )}
  </StrictMode>,
)
