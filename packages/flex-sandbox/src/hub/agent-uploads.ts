import type { WireUpload } from '@flex-escalate/api'
import { sandboxFileProblem } from '@flex-escalate/api/files'
import { SANDBOX_FILES } from '@flex-escalate/api/limits'
import type { MediaDescriptor } from '../chat-model.js'
import { newSid } from '../sids.js'
import { FrameError } from './connection.js'
import { dataUrlBytes, type MediaBudget } from './media-budget.js'

interface Upload {
  readonly chatSid: string
  readonly media: MediaDescriptor
}

/**
 * One agent console's files on their way into a message: `upload` stores a file (one a frame, so a
 * message's files need not fit one frame's `maxPayload`) and answers its `ME…` sid; `send` takes the files
 * it names. A file is held to `SANDBOX_FILES`, refused `bad-file` with the sentence the console shows
 * (`@flex-escalate/api/files`), and counted against its chat's media budget when uploaded. At most
 * `SANDBOX_FILES.perMessage` wait at once; an upload past that drops the oldest (a console that gave up).
 *
 * @example
 * const uploads = new AgentUploads(budget)
 * const { sid } = uploads.upload('CH…', { filename: 'a.png', contentType: 'image/png', dataUrl: 'data:image/png;base64,…' })
 * uploads.send('CH…', [sid], (media) => chats.sendMessage('CH…', { author, body: '', media }))
 */
export class AgentUploads {
  private readonly waiting = new Map<string, Upload>()

  constructor(private readonly budget: MediaBudget) {}

  upload(chatSid: string, file: WireUpload): { sid: string } {
    const size = dataUrlBytes(file.dataUrl) ?? 0
    const problem = sandboxFileProblem({ name: file.filename, type: file.contentType, size })
    if (problem) throw new FrameError('bad-file', problem)
    this.budget.check(chatSid, size)
    this.budget.add(chatSid, size)
    const sid = newSid('ME')
    if (this.waiting.size >= SANDBOX_FILES.perMessage) {
      const [oldest] = this.waiting.keys()
      if (oldest !== undefined) this.waiting.delete(oldest)
    }
    const media = { sid, filename: file.filename, contentType: file.contentType, size, url: file.dataUrl }
    this.waiting.set(sid, { chatSid, media })
    return { sid }
  }

  /**
   * Hands `use` the uploaded files `sids` names, in that order, and forgets them once `use` returns: a
   * message refused for another reason (its text too long, say) keeps its files for the retry.
   */
  send<T>(chatSid: string, sids: readonly string[], use: (media: MediaDescriptor[]) => T): T {
    const media = sids.map((sid) => {
      const upload = this.waiting.get(sid)
      if (!upload || upload.chatSid !== chatSid) {
        throw new FrameError(
          'not-found',
          `Failed to send the message: file ${sid} was not uploaded to chat ${chatSid}, or was already sent. Please attach the file again.`,
        )
      }
      return upload.media
    })
    const result = use(media)
    for (const sid of sids) this.waiting.delete(sid)
    return result
  }
}
