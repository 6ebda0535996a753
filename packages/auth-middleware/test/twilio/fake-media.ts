import { randomBytes } from 'node:crypto'
import { type HttpHandler, HttpResponse, http } from 'msw'

/** How long Twilio's `content_direct_temporary` URLs last in this fake (Twilio: a few minutes). */
export const TEMPORARY_URL_MS = 5 * 60_000

interface StoredMedia {
  sid: string
  serviceSid: string
  chatSid: string
  filename: string
  contentType: string
}

/**
 * Twilio's Media Content Service (`mcs.us1.twilio.com`), as far as the media routes read it. MCS is not in
 * Twilio's OpenAPI specs (twilio-oai), so unlike {@link FakeTwilio} this fake cannot be held to a spec: its
 * reply follows Twilio's documented Media resource (https://www.twilio.com/docs/conversations/api/media-resource,
 * https://www.twilio.com/docs/chat/rest/media): `sid`, `service_sid`, `channel_sid`, `message_sid`,
 * `content_type`, `filename`, `size`, `links.content` and `links.content_direct_temporary`. It checks the API
 * key as Twilio would (Basic auth), and every read hands out a new temporary URL that expires after
 * {@link TEMPORARY_URL_MS} on `now`, the test's clock.
 */
export class FakeMediaService {
  readonly #media = new Map<string, StoredMedia>()
  /** Temporary URLs handed out, with when each expires. */
  readonly #issued = new Map<string, number>()
  /** Every read, in order. */
  readonly reads: string[] = []

  constructor(
    private readonly credentials: { username: string; password: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a file sent in `chatSid`; returns its SID. */
  add(serviceSid: string, chatSid: string, filename = 'photo.png', contentType = 'image/png'): string {
    const sid = `ME${randomBytes(16).toString('hex')}`
    this.#media.set(sid, { sid, serviceSid, chatSid, filename, contentType })
    return sid
  }

  /** Whether `url` is a temporary URL this fake handed out that has not expired yet. */
  isLive(url: string): boolean {
    const expires = this.#issued.get(url)
    return expires !== undefined && this.now() < expires
  }

  get handlers(): HttpHandler[] {
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`
    return [
      http.get('https://mcs.us1.twilio.com/v1/Services/:serviceSid/Media/:mediaSid', ({ request, params }) => {
        if (request.headers.get('authorization') !== expected) {
          return HttpResponse.json({ code: 20003, message: 'Authenticate', status: 401 }, { status: 401 })
        }
        this.reads.push(String(params.mediaSid))
        const media = this.#media.get(String(params.mediaSid))
        if (!media || media.serviceSid !== params.serviceSid) {
          return HttpResponse.json({ code: 20404, message: 'The requested resource was not found', status: 404 }, { status: 404 })
        }
        const path = `/v1/Services/${media.serviceSid}/Media/${media.sid}`
        const temporary = `https://media.us1.twilio.com/${media.sid}?Expires=${this.now() + TEMPORARY_URL_MS}&Signature=${randomBytes(8).toString('hex')}`
        this.#issued.set(temporary, this.now() + TEMPORARY_URL_MS)
        return HttpResponse.json({
          sid: media.sid,
          service_sid: media.serviceSid,
          channel_sid: media.chatSid,
          message_sid: `IM${'0'.repeat(32)}`,
          date_created: new Date(0).toISOString(),
          date_upload_updated: new Date(0).toISOString(),
          date_updated: new Date(0).toISOString(),
          size: 68,
          content_type: media.contentType,
          filename: media.filename,
          author: 'agent-ana',
          category: 'media',
          url: path,
          links: { content: `${path}/Content`, content_direct_temporary: temporary },
        })
      }),
    ]
  }
}
