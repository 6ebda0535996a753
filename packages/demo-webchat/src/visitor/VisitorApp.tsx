import { ChatContainer } from '@carbon/ai-chat'
import { chatConfig, middlewareUrl, onBeforeRender, preChatPrompt } from './chat-config.js'
import { PreChatDialog } from './pre-chat/PreChatDialog.js'
import { ShopHeader } from './shop/ShopHeader.js'
import { SupportLanding } from './shop/SupportLanding.js'

/** The shop's support page with Carbon's float chat, open by default. */
export function VisitorApp() {
  return (
    <>
      <ShopHeader />
      <SupportLanding middlewareUrl={middlewareUrl} />
      <ChatContainer {...chatConfig} onBeforeRender={onBeforeRender} />
      <PreChatDialog prompt={preChatPrompt} />
    </>
  )
}
