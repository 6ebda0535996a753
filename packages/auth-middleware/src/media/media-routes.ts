import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BearerHeaders, ErrorReply, errorReplies, MediaLinksBody, MediaLinksReply, MediaParams, MediaQuery } from '@flex-escalate/api'
import { Type } from 'typebox'
import { HttpError } from '../errors/http-errors.js'
import { createMediaSignatures } from './media-signature.js'

const NO_MEDIA_SERVICE =
  'The sandbox has no media service: its files are data: URLs in the messages, which never expire, so they need no media link.'

/**
 * Lasting URLs for the files agents send. Twilio's media URLs expire minutes after they are handed out, so the
 * adapter shows the visitor `GET /media/:chatSid/:mediaSid?sig=…` instead, which redirects to a fresh one each
 * time it is opened: after ten minutes, after a reload, from the page's stored history.
 *
 * Why the middleware mints the links (`POST /media/links`, with the session token) rather than the adapter
 * building them from a key `/auth` would give: the signing key then never leaves the server, nothing about
 * media is added to `/auth` or the persisted state, and the session token (which proves the chat is the
 * visitor's) is checked once, when the link is made, not carried in a URL that ends up in history and logs.
 * The link itself needs no session: an `<img>` sends no `Authorization`, and a link must outlive the session.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ secret: string }> = async (app, { secret }) => {
  const signatures = createMediaSignatures(secret)

  app.post(
    '/media/links',
    {
      schema: {
        summary: 'Lasting links to files of the chat',
        description:
          "Signs a `GET /media/{chatSid}/{mediaSid}` path for each file of the session token's chat; the paths do not expire. Twilio only.",
        security: [{ sessionToken: [] }],
        body: MediaLinksBody,
        headers: BearerHeaders,
        response: { 200: MediaLinksReply, ...errorReplies },
      },
    },
    async (request) => {
      const { chat } = app.sessions.verify(request.headers.authorization)
      if (!app.flex.mediaContent) throw new HttpError(404, 'Not Found', NO_MEDIA_SERVICE)
      const links = request.body.mediaSids.map((mediaSid) => ({
        mediaSid,
        path: `media/${chat.chatSid}/${mediaSid}?sig=${signatures.sign(chat.chatSid, mediaSid)}`,
      }))
      return { links }
    },
  )

  app.get(
    '/media/:chatSid/:mediaSid',
    {
      schema: {
        summary: 'Open a file of a chat',
        description:
          'Redirects (302) to a fresh, short-lived Twilio URL of the file, each time it is asked: the link `POST /media/links` gave keeps working.',
        params: MediaParams,
        querystring: MediaQuery,
        response: {
          302: Type.Null({ description: "`Location` is Twilio's temporary URL of the file." }),
          403: Type.Object(ErrorReply.properties, { description: '`sig` is not the signature of this chat and file.' }),
          ...errorReplies,
        },
      },
    },
    async (request, reply) => {
      const { chatSid, mediaSid } = request.params
      if (!signatures.verify(chatSid, mediaSid, request.query.sig)) {
        throw new HttpError(
          403,
          'Forbidden',
          'The media link is not valid: `sig` does not sign this chat and file (the link was changed, or the middleware has a new SESSION_TOKEN_SECRET). Please ask the chat for the file again.',
          'sig',
        )
      }
      const content = app.flex.mediaContent
      if (!content) throw new HttpError(404, 'Not Found', NO_MEDIA_SERVICE)
      const url = await content(chatSid, mediaSid)
      if (!url) {
        throw new HttpError(
          404,
          'Not Found',
          'Failed to open the file: Twilio no longer has it (the chat was deleted). Please ask the agent to send it again.',
          'mediaSid',
        )
      }
      // Each answer is a different, expiring URL: nothing may keep it.
      return reply.header('cache-control', 'no-store').redirect(url, 302)
    },
  )
}
