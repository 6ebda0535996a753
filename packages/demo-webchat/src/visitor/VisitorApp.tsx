import { ChatContainer } from '@carbon/ai-chat'
import { chatConfig, locale, middlewareUrl, onBeforeRender, preChatPrompt } from './chat-config.js'
import { PreChatDialog } from './pre-chat/PreChatDialog.js'
import { preChatStringsFor } from './pre-chat/pre-chat-strings.js'
import { ShopHeader } from './shop/ShopHeader.js'
import { SupportLanding } from './shop/SupportLanding.js'

const preChatStrings = preChatStringsFor(locale)

/**
 * The shop's support page with Carbon's float chat, open by default. The shop's own page is English
 * (`<html lang="en">`); the chat and its pre-chat form speak the visitor's language, and say so with `lang`
 * (Carbon renders into its element's shadow root, which takes the language of this wrapper).
 */
export function VisitorApp() {
  return (
    <>
      <ShopHeader />
      <SupportLanding middlewareUrl={middlewareUrl} />
      <div lang={locale} data-testid="visitor-chat">
        <ChatContainer {...chatConfig} onBeforeRender={onBeforeRender} />
        <PreChatDialog prompt={preChatPrompt} strings={preChatStrings} />
      </div>
    </>
  )
}
