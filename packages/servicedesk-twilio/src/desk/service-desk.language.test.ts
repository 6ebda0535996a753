/**
 * Issue 15, "the visitor's language": every sentence the desk shows comes from the catalog of the visitor's
 * locale (the `locale` option, else the browser's languages), on the three host shapes and every transport;
 * the same locale reaches `/auth` (and so the task's `language`); a page's `messages` win over the catalog.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startedKitDesk, useDeskKits } from '../../test/desk-kits.js'
import { member } from '../../test/fake-transport.js'
import { AGENT, buildDesk, connectMessage, flush, startedDesk } from '../../test/harness.js'
import { hostKinds } from '../../test/hosts.js'
import { errorReply, useFakeMiddleware } from '../../test/middleware.js'
import { de } from '../i18n/de.js'
import { es } from '../i18n/es.js'
import { fr } from '../i18n/fr.js'
import { ptBR } from '../i18n/pt-BR.js'

const middleware = useFakeMiddleware()
const { kits } = useDeskKits(middleware)

afterEach(() => {
  vi.unstubAllGlobals()
})

describe.each(kits)('in Spanish, on the $name transport', (kit) => {
  it.each(hostKinds)('%s host: Flex giving the chat up is told in Spanish', async (_name, makeHost) => {
    const kitDesk = await startedKitDesk(kit, makeHost(), { locale: 'es-ES' })
    await kitDesk.flexGivesUp()
    expect(kitDesk.host.argsOf('setErrorStatus')).toEqual([[{ type: 1, messageToUser: es.lostNoAgent, logInfo: undefined }]])
    expect(middleware.of('auth')[0]?.body).toMatchObject({ locale: 'es-ES' })
  })
})

describe.each(hostKinds)('the desk in the visitor language, %s host', (_kind, makeHost) => {
  it('refuses a file in Spanish, the size in Spanish number format', async () => {
    const h = await startedDesk(makeHost(), { locale: 'es', fileUpload: { maxBytes: 1_500_000, accept: 'image/*' } })
    const file = new File([new Uint8Array(2_000_000)], 'foto.png', { type: 'image/png' })
    await h.desk.sendMessageToAgent({ input: {} }, 'm-1', { filesToUpload: [{ id: 'f1', file }] })
    expect(h.host.argsOf('setFileUploadStatus')).toEqual([['f1', true, 'Este archivo es demasiado grande (2 MB). El límite es de 1,5 MB.']])
    await h.desk.endChat({})
  })

  it('explains a refused start in German, as a connecting error and the rejection', async () => {
    middleware.answer('auth', () => errorReply(429, 'too_many_requests', 'Rate limit exceeded'))
    const h = await buildDesk(makeHost(), { locale: 'de-AT' })
    await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(de.startBusy)
    expect(h.host.argsOf('setErrorStatus')[0]?.[0]).toMatchObject({ type: 1, messageToUser: de.startBusy })
  })

  it("without the option, takes the first of the browser's languages it speaks, and sends that one to /auth", async () => {
    vi.stubGlobal('navigator', { language: 'ja-JP', languages: ['ja-JP', 'fr-CA', 'en'] })
    middleware.answer('auth', () => errorReply(400, 'bad_request', 'body/topic must be a string'))
    const h = await buildDesk(makeHost())
    await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow(fr.startRefused)
    expect(middleware.of('auth')[0]?.body).toMatchObject({ locale: 'fr-CA' })
  })

  it('asks for the rating in Brazilian Portuguese, for pt-PT too', async () => {
    const h = await startedDesk(makeHost(), { locale: 'pt-PT', rating: true })
    h.transport.emit('memberJoined', member(AGENT, 'Ana Agent'))
    await flush()
    h.transport.emit('chatEnded')
    await flush()
    const texts = h.host
      .argsOf('sendMessageToUser')
      .flatMap(([message]) => (message as { output: { generic: { text?: string }[] } }).output.generic.map((item) => item.text))
    expect(texts).toContain(ptBR.ratingPrompt.replace('{agent}', 'Ana Agent'))
    await h.desk.endChat({})
  })

  it("uses the page's messages over the catalog, and English for what they leave out in an unknown language", async () => {
    const warnings: string[] = []
    middleware.answer('auth', () => errorReply(503, 'flex_unavailable', 'Twilio answered 503'))
    const h = await buildDesk(makeHost(), {
      locale: 'nl',
      messages: { startUnavailable: 'De klantenservice is nu niet bereikbaar.' },
      logger: { warn: (message: string) => warnings.push(message) },
    })
    await expect(h.desk.startChat(connectMessage, {})).rejects.toThrow('De klantenservice is nu niet bereikbaar.')
    expect(warnings).toEqual([])
    expect(middleware.of('auth')[0]?.body).toMatchObject({ locale: 'nl' })
  })
})
