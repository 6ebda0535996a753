/**
 * The media routes: a lasting URL for a file an agent sent. Twilio's own media URLs expire minutes after the
 * SDK hands them out, so a visitor who reloads the page, or opens the file later, would find nothing; the
 * middleware serves `GET /media/:chatSid/:mediaSid?sig=…` instead, which answers with a fresh Twilio URL each
 * time. `sig` is the middleware's signature of the chat and media SIDs, minted by `POST /media/links`.
 */
import { type Static, Type } from 'typebox'
import { SANDBOX_FILES } from './limits.js'

const sidOf = (prefix: string, description: string) => Type.String({ pattern: `^${prefix}[0-9a-fA-F]{32}$`, description })

/** As many files as one message carries (the sandbox's limit, as a Flex agent's message). */
export const MAX_MEDIA_LINKS = SANDBOX_FILES.perMessage

/** Body of `POST /media/links`: the files of messages in the session token's chat. */
export const MediaLinksBody = Type.Object(
  {
    mediaSids: Type.Array(sidOf('ME', 'A file of a message in the chat (`ME…`).'), { minItems: 1, maxItems: MAX_MEDIA_LINKS }),
  },
  { additionalProperties: false },
)
export type MediaLinksBody = Static<typeof MediaLinksBody>

/** Reply of `POST /media/links`: one lasting URL per SID, in the order asked, relative to the middleware. */
export const MediaLinksReply = Type.Object({
  links: Type.Array(
    Type.Object({
      mediaSid: Type.String(),
      /** `media/CH…/ME…?sig=…`: resolve it against the middleware's base URL. */
      path: Type.String(),
    }),
  ),
})
export type MediaLinksReply = Static<typeof MediaLinksReply>

/** Path parameters of `GET /media/:chatSid/:mediaSid`. */
export const MediaParams = Type.Object({
  chatSid: sidOf('CH', 'The chat (`CH…`) the file was sent in.'),
  mediaSid: sidOf('ME', 'The file (`ME…`).'),
})
export type MediaParams = Static<typeof MediaParams>

/** Query of `GET /media/:chatSid/:mediaSid`: the signature `POST /media/links` gave. */
export const MediaQuery = Type.Object(
  { sig: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The signature `POST /media/links` gave (base64url HMAC-SHA256).' }) },
  { additionalProperties: false },
)
export type MediaQuery = Static<typeof MediaQuery>
