/**
 * Issue 15, "rich agent messages": an agent's files reach the visitor as the hosts' own items, every file
 * of a message, images inline, other files as a download; a Twilio file by the middleware's lasting link
 * (Twilio's URL expires minutes later), a sandbox file by its `data:` URL. On the three host shapes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { member, message } from '../../test/fake-transport.js'
import { AGENT, flush, type Harness, startedDesk } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { errorReply, MEDIA_CHAT_SID, MIDDLEWARE, SESSION_TOKEN, useFakeMiddleware } from '../../test/middleware.js'
import { en } from '../i18n/en.js'
import { es } from '../i18n/es.js'
import type { ChatMedia, ChatMessage } from '../transports/chat-transport.js'
import { listenForFileDownloads } from './file-downloads.js'

const middleware = useFakeMiddleware()
const { kits } = useDeskKits(middleware)

const IMAGE_SID = `ME${'a'.repeat(32)}`
const PDF_SID = `ME${'b'.repeat(32)}`
const PNG_DATA = 'data:image/png;base64,iVBORw0KGgo='
const PDF_DATA = 'data:application/pdf;base64,JVBERi0='

/** A Twilio file: it has a SID, and its URL is a temporary one. */
const twilioFile = (sid: string, filename: string, contentType: string): ChatMedia => ({
  sid,
  filename,
  contentType,
  getUrl: async () => `https://media.us1.twilio.com/${sid}?Expires=300`,
})
/** A sandbox file: no SID, its `data:` URL. */
const sandboxFile = (filename: string, contentType: string, url: string): ChatMedia => ({ filename, contentType, getUrl: async () => url })

const label = (name: string) => en.agentFile.replace('{name}', name)
const lasting = (sid: string) => `${MIDDLEWARE}media/${MEDIA_CHAT_SID}/${sid}?sig=${'s'.repeat(43)}`

describe.each(hostKinds)("the agent's files, %s host", (kind, makeHost) => {
  let h: Harness
  let warnings: string[]

  /** The agent sends `media` (and `body`); resolves with the items the visitor got. */
  async function agentSends(media: ChatMedia[], body = ''): Promise<unknown[]> {
    const sent: ChatMessage = { ...message(1, AGENT, body), media }
    h.transport.deliver(sent)
    await flush()
    const [response, agentId] = h.host.argsOf('sendMessageToUser').at(-1) ?? []
    expect(agentId).toBe(AGENT)
    return (response as { output: { generic: unknown[] } }).output.generic
  }

  beforeEach(async () => {
    warnings = []
    h = await startedDesk(makeHost(), { logger: { warn: (text: string) => warnings.push(text) } })
    h.transport.emit('memberJoined', member(AGENT, 'Ana Agent'))
    await flush()
  })
  afterEach(() => h.desk.endChat({}))

  it('shows the text, then every file: an image inline and a document to download, by lasting links', async () => {
    const items = await agentSends(
      [twilioFile(IMAGE_SID, 'screenshot.png', 'image/png'), twilioFile(PDF_SID, 'invoice.pdf', 'application/pdf')],
      'Here is what I see',
    )
    expect(middleware.of('mediaLinks')).toEqual([
      expect.objectContaining({ authorization: `Bearer ${SESSION_TOKEN}`, body: { mediaSids: [IMAGE_SID, PDF_SID] } }),
    ])
    expect(items).toEqual([
      { response_type: 'text', text: 'Here is what I see' },
      { response_type: 'image', source: lasting(IMAGE_SID), title: 'screenshot.png', alt_text: label('screenshot.png') },
      kind === 'v7'
        ? { response_type: 'text', text: `[${label('invoice.pdf')}](${lasting(PDF_SID)})` }
        : {
            response_type: 'button',
            button_type: 'url',
            kind: 'tertiary',
            label: label('invoice.pdf'),
            url: lasting(PDF_SID),
            target: '_blank',
          },
    ])
  })

  it("falls back to Twilio's temporary URL when the middleware gives no lasting link, and says so in the log", async () => {
    middleware.answer('mediaLinks', () => errorReply(404, 'Not Found', 'Route POST:/media/links not found'))
    const items = await agentSends([twilioFile(IMAGE_SID, 'screenshot.png', 'image/png')])
    expect(items).toEqual([
      expect.objectContaining({ response_type: 'image', source: `https://media.us1.twilio.com/${IMAGE_SID}?Expires=300` }),
    ])
    expect(warnings).toEqual([expect.stringMatching(/lasting links.*temporary URLs/)])
  })

  it('shows sandbox files by their data: URLs, asking the middleware for nothing; a document downloads on click', async () => {
    const items = await agentSends([sandboxFile('photo.png', 'image/png', PNG_DATA), sandboxFile('terms.pdf', 'application/pdf', PDF_DATA)])
    expect(middleware.of('mediaLinks')).toEqual([])
    expect(items[0]).toEqual({ response_type: 'image', source: PNG_DATA, title: 'photo.png', alt_text: label('photo.png') })
    if (kind === 'v7') {
      expect(items[1]).toEqual({ response_type: 'text', text: `[${label('terms.pdf')}](${PDF_DATA})` })
      return
    }
    expect(items[1]).toMatchObject({ response_type: 'button', button_type: 'custom_event', label: label('terms.pdf') })
    const clicked: { href: string; download: string }[] = []
    const document = fakeDocument(clicked)
    const stop = listenForFileDownloads(h.host.instance, document)
    h.host.clickButton?.(items[1])
    expect(clicked).toEqual([{ href: PDF_DATA, download: 'terms.pdf' }])
    stop?.()
  })

  it('names a file it cannot open, instead of dropping it', async () => {
    const items = await agentSends([{ filename: 'lost.pdf', contentType: 'application/pdf', getUrl: async () => undefined }])
    expect(items).toEqual([{ response_type: 'text', text: label('lost.pdf') }])
  })
})

describe.each(kits)('an image and a document from the agent, on the $name transport', (kit) => {
  it.each(hostKinds)('%s host: the image inline, the document to download, each by a URL that lasts', async (kind, makeHost) => {
    const kitDesk = await startedKitDesk(kit, makeHost())
    await kitDesk.agentJoins()
    const [image, document] = await kitDesk.agentSendsFiles([
      { filename: 'screenshot.png', contentType: 'image/png' },
      { filename: 'invoice.pdf', contentType: 'application/pdf' },
    ])
    const items = kitDesk.host
      .argsOf('sendMessageToUser')
      .flatMap(([response]) => (response as { output: { generic: { response_type: string }[] } }).output.generic)
    expect(items[0]).toEqual({ response_type: 'image', source: image, title: 'screenshot.png', alt_text: label('screenshot.png') })
    if (kind === 'v7') expect(items[1]).toEqual({ response_type: 'text', text: `[${label('invoice.pdf')}](${document})` })
    else if (document?.startsWith('data:')) expect(items[1]).toMatchObject({ button_type: 'custom_event', user_defined: { url: document } })
    else expect(items[1]).toMatchObject({ response_type: 'button', button_type: 'url', url: document })
    // Twilio files are asked for lasting links; sandbox files are data: URLs and need none.
    expect(middleware.of('mediaLinks').length > 0).toBe(kit.name !== 'sandbox')
    await kitDesk.desk.endChat({})
  })
})

describe('in the visitor language', () => {
  it('labels the files in Spanish', async () => {
    const [, makeHost] = hostKinds[0]
    const h = await startedDesk(makeHost(), { locale: 'es' })
    h.transport.emit('memberJoined', member(AGENT, 'Ana Agent'))
    h.transport.deliver({ ...message(1, AGENT, ''), media: [twilioFile(IMAGE_SID, 'foto.png', 'image/png')] })
    await flush()
    const [response] = h.host.argsOf('sendMessageToUser').at(-1) ?? []
    expect((response as { output: { generic: unknown[] } }).output.generic).toEqual([
      expect.objectContaining({ alt_text: es.agentFile.replace('{name}', 'foto.png') }),
    ])
    await h.desk.endChat({})
  })
})

/** Just enough of a `Document` for a download link: records what would be clicked. */
function fakeDocument(clicked: { href: string; download: string }[]): Document {
  const fake = {
    body: { append: () => undefined },
    createElement: () => {
      const link = {
        href: '',
        download: '',
        rel: '',
        click: () => clicked.push({ href: link.href, download: link.download }),
        remove: () => undefined,
      }
      return link
    },
  }
  return fake as unknown as Document
}
