import { ChatContainer } from '@carbon/ai-chat'
import { chatConfig, middlewareUrl, onBeforeRender } from './chat-config.js'
import { ShopHeader } from './shop/ShopHeader.js'
import { SupportLanding } from './shop/SupportLanding.js'

/** The shop's support page with Carbon's float chat, open by default. */
export function VisitorApp() {
  return (
    <>
      <ShopHeader />
      <SupportLanding middlewareUrl={middlewareUrl} />
      <ChatContainer {...chatConfig} onBeforeRender={onBeforeRender} />
    </>
  )
}
