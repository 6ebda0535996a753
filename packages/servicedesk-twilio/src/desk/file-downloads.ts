import { listenForCustomEvent } from '../host/custom-events.js'

/**
 * The event of a download button for a file the page cannot open by URL (a sandbox `data:` file), which
 * `agentMessageItems` (agent-files.ts) shows; `listenForFileDownloads` answers it. In the initial chunk.
 */
export const DOWNLOAD_EVENT = 'flex-escalate:download-file'

/**
 * Answers the download buttons of files the page cannot open by URL (sandbox `data:` files: Chrome and
 * Firefox refuse to navigate a window to a `data:` URL, but they do download one from `<a download>`).
 * Listens on the host instance for as long as the desk lives, so the buttons of a chat restored after a
 * reload still work; returns what stops listening (`undefined` on v7, which shows such files as links).
 *
 * @example
 * const stop = listenForFileDownloads(instance)
 */
export function listenForFileDownloads(instance: unknown, document: Document | undefined = globalThis.document): (() => void) | undefined {
  return listenForCustomEvent(instance, DOWNLOAD_EVENT, (data) => {
    const { url, filename } = (data ?? {}) as { url?: unknown; filename?: unknown }
    if (typeof url !== 'string' || !url.startsWith('data:') || !document) return
    const link = document.createElement('a')
    link.href = url
    link.download = typeof filename === 'string' ? filename : 'file'
    link.rel = 'noopener'
    document.body.append(link)
    link.click()
    link.remove()
  })
}
