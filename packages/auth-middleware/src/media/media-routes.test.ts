/**
 * `POST /media/links` and `GET /media/:chatSid/:mediaSid` on both Flex APIs, with the real `twilio` SDK against
 * the MCS fake (test/twilio/fake-media.ts), and in the sandbox: a link keeps redirecting to a fresh Twilio URL,
 * and bad, forged or foreign input is a 4xx naming the problem.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY_SECRET, bearer, type Harness, SIDS, startHarness } from '../../test/harness.js'
import { server } from '../../test/msw-server.js'
import { type SandboxHarness, startSandbox } from '../../test/sandbox/sandbox-harness.js'
import { FakeMediaService, TEMPORARY_URL_MS } from '../../test/twilio/fake-media.js'

let h: Harness | undefined
afterEach(async () => {
  if (h) expect(h.fake.violations).toEqual([])
  await h?.app.close()
  h = undefined
})

/** The test's clock: the fake's temporary URLs expire on it. */
function manualClock() {
  let now = Date.parse('2026-12-04T15:00:00Z')
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}

async function setUp(api: string) {
  const clock = manualClock()
  const media = new FakeMediaService({ username: SIDS.apiKey, password: API_KEY_SECRET }, clock.now)
  server.use(...media.handlers)
  h = await startHarness({ TWILIO_CHAT_API: api })
  const harness = h
  const chat = (await harness.app.inject({ method: 'POST', url: '/auth', payload: {} })).json()
  const links = (sessionToken: string, mediaSids: unknown) =>
    harness.app.inject({ method: 'POST', url: '/media/links', headers: bearer(sessionToken), payload: { mediaSids } })
  const open = (path: string) => harness.app.inject({ method: 'GET', url: `/${path}` })
  return { clock, media, chat, links, open, harness }
}

describe.each(['conversations', 'programmable-chat'])('media links on %s', (api) => {
  it('a link still redirects after 10 minutes, each time to a fresh Twilio URL', async () => {
    const { clock, media, chat, links, open } = await setUp(api)
    const image = media.add(SIDS.chatService, chat.chatSid)
    const document = media.add(SIDS.chatService, chat.chatSid, 'invoice.pdf', 'application/pdf')

    const res = await links(chat.sessionToken, [image, document])
    expect(res.statusCode).toBe(200)
    const [imageLink, documentLink] = res.json().links
    expect(imageLink).toEqual({
      mediaSid: image,
      path: expect.stringMatching(new RegExp(`^media/${chat.chatSid}/${image}\\?sig=[\\w-]{43}$`)),
    })
    expect(documentLink.mediaSid).toBe(document)

    const first = await open(imageLink.path)
    expect(first.statusCode).toBe(302)
    expect(first.headers['cache-control']).toBe('no-store')
    const firstUrl = String(first.headers.location)
    expect(media.isLive(firstUrl)).toBe(true)

    clock.advance(10 * 60_000)
    expect(media.isLive(firstUrl)).toBe(false)
    const later = await open(imageLink.path)
    expect(later.statusCode).toBe(302)
    const laterUrl = String(later.headers.location)
    expect(laterUrl).not.toBe(firstUrl)
    expect(media.isLive(laterUrl)).toBe(true)
    expect(TEMPORARY_URL_MS).toBeLessThan(10 * 60_000)

    expect((await open(documentLink.path)).statusCode).toBe(302)
    expect(media.reads).toEqual([image, image, document])
  })

  it('refuses a forged or malformed signature, and a link moved to another file, without asking Twilio', async () => {
    const { media, chat, links, open } = await setUp(api)
    const mine = media.add(SIDS.chatService, chat.chatSid)
    const other = media.add(SIDS.chatService, chat.chatSid)
    const [link] = (await links(chat.sessionToken, [mine])).json().links
    const sig = String(link.path).split('sig=')[1]

    const moved = await open(`media/${chat.chatSid}/${other}?sig=${sig}`)
    expect(moved.statusCode).toBe(403)
    expect(moved.json()).toMatchObject({ error: 'Forbidden', field: 'sig', message: expect.stringMatching(/^The media link is not valid/) })

    const forged = await open(`media/${chat.chatSid}/${mine}?sig=${'A'.repeat(43)}`)
    expect(forged.statusCode).toBe(403)

    const malformed = await open(`media/${chat.chatSid}/${mine}?sig=short`)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().message).toMatch(/sig/)

    const missing = await open(`media/${chat.chatSid}/${mine}`)
    expect(missing.statusCode).toBe(400)

    const badSid = await open(`media/${chat.chatSid}/not-a-sid?sig=${sig}`)
    expect(badSid.statusCode).toBe(400)
    expect(badSid.json().message).toMatch(/mediaSid/)
    expect(media.reads).toEqual([])
  })

  it('answers 404 for a file Twilio no longer has, or that was sent in another chat', async () => {
    const { media, chat, links, open } = await setUp(api)
    const foreign = media.add(SIDS.chatService, `CH${'9'.repeat(32)}`)
    const gone = `ME${'1'.repeat(32)}`
    const [foreignLink, goneLink] = (await links(chat.sessionToken, [foreign, gone])).json().links

    for (const link of [foreignLink, goneLink]) {
      const res = await open(link.path)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({
        field: 'mediaSid',
        message: expect.stringMatching(/^Failed to open the file: Twilio no longer has it/),
      })
    }
  })

  it('mints links only with a session token, for at most one message of files', async () => {
    const { chat, links, harness } = await setUp(api)
    const none = await harness.app.inject({ method: 'POST', url: '/media/links', payload: { mediaSids: [`ME${'1'.repeat(32)}`] } })
    expect(none.statusCode).toBe(401)
    const tooMany = await links(
      chat.sessionToken,
      Array.from({ length: 11 }, (_, i) => `ME${String(i % 10).repeat(32)}`),
    )
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().message).toMatch(/mediaSids/)
    const empty = await links(chat.sessionToken, [])
    expect(empty.statusCode).toBe(400)
  })
})

describe('media links in the sandbox', () => {
  let s: SandboxHarness | undefined
  afterEach(async () => {
    await s?.close()
    s = undefined
  })

  it('answers 404 saying why: its files are data: URLs that never expire', async () => {
    s = await startSandbox()
    const auth = await s.escalate()
    const res = await s.app.inject({
      method: 'POST',
      url: '/media/links',
      headers: bearer(auth.sessionToken),
      payload: { mediaSids: [`ME${'1'.repeat(32)}`] },
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toMatch(/data: URLs/)
  })
})
