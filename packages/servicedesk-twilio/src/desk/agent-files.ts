import type { Phrasebook } from '../i18n/phrasebook.js'
import type { Logger } from '../logger.js'
import type { MiddlewareClient } from '../middleware/middleware-client.js'
import type { ChatMedia, ChatMessage } from '../transports/chat-transport.js'
import { DOWNLOAD_EVENT } from './file-downloads.js'

/** A response item of the hosts' message format (v7, v8 and Carbon share these). */
export type AgentItem =
  | { response_type: 'text'; text: string }
  | { response_type: 'image'; source: string; title: string; alt_text: string }
  | { response_type: 'button'; button_type: 'url'; kind: 'tertiary'; label: string; url: string; target: '_blank' }
  | {
      response_type: 'button'
      button_type: 'custom_event'
      kind: 'tertiary'
      label: string
      custom_event_name: typeof DOWNLOAD_EVENT
      user_defined: { url: string; filename: string }
    }

export interface AgentFilesDeps {
  middleware: MiddlewareClient
  /** The session token of the chat, as it is now (it is refreshed). */
  sessionToken(): string
  phrasebook: Phrasebook
  logger: Logger
  /** v7 renders no buttons: files that are not images are links in the text there. */
  isV7: boolean
}

const isImage = (media: ChatMedia) => media.contentType?.toLowerCase().startsWith('image/') === true

/**
 * Where each file of a message opens for good: a Twilio file (it has a media SID) through the middleware's
 * lasting link (`POST /media/links`), since Twilio's own URL expires minutes later; a sandbox file by its
 * `data:` URL, which never expires. If the links cannot be had (an older middleware), the temporary URL.
 */
async function lastingUrls(media: readonly ChatMedia[], deps: AgentFilesDeps): Promise<(string | undefined)[]> {
  const sids = media.flatMap((file) => (file.sid ? [file.sid] : []))
  let links = new Map<string, string>()
  if (sids.length > 0) {
    links = await deps.middleware.mediaLinks(deps.sessionToken(), sids).catch((error: unknown) => {
      deps.logger.warn('Failed to get lasting links to the agent’s files; showing Twilio’s temporary URLs, which expire in minutes', error)
      return new Map<string, string>()
    })
  }
  return Promise.all(media.map((file) => (file.sid && links.get(file.sid)) || file.getUrl().catch(() => undefined)))
}

function fileItem(file: ChatMedia, url: string | undefined, deps: AgentFilesDeps): AgentItem {
  const name = file.filename || 'file'
  const label = deps.phrasebook.say('agentFile', { name })
  if (!url) return { response_type: 'text', text: label }
  if (isImage(file)) return { response_type: 'image', source: url, title: name, alt_text: label }
  if (deps.isV7) return { response_type: 'text', text: `[${label}](${url})` }
  if (url.startsWith('data:')) {
    return {
      response_type: 'button',
      button_type: 'custom_event',
      kind: 'tertiary',
      label,
      custom_event_name: DOWNLOAD_EVENT,
      user_defined: { url, filename: name },
    }
  }
  return { response_type: 'button', button_type: 'url', kind: 'tertiary', label, url, target: '_blank' }
}

/**
 * What the visitor sees of an agent's message: its text, then every file, images inline (the hosts' `image`
 * item), other files as a download button (a link in the text on v7), each by a URL that still works after
 * minutes and after a reload.
 *
 * @example
 * await agentMessageItems(message, deps)
 * // [{ response_type: 'text', text: 'Here it is' }, { response_type: 'image', source: 'https://…/media/CH…/ME…?sig=…', … }]
 */
export async function agentMessageItems(message: ChatMessage, deps: AgentFilesDeps): Promise<AgentItem[]> {
  const urls = await lastingUrls(message.media, deps)
  const files = message.media.map((file, index) => fileItem(file, urls[index], deps))
  return [...(message.body.trim() === '' ? [] : [{ response_type: 'text' as const, text: message.body }]), ...files]
}
