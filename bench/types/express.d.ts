/**
 * The part of Express 5 the reference design uses (`bench/servers/reference-server.mjs`). Express ships no
 * types and there is no `@types/express` in this repository.
 */
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http'

  namespace express {
    interface Request extends IncomingMessage {
      /** What a body parser (`express.json()`) made of the body: unchecked JSON, or undefined. */
      body: unknown
    }

    interface Response extends ServerResponse {
      status(code: number): this
      json(body: unknown): this
    }

    type NextFunction = (error?: unknown) => void
    type Handler = (request: Request, response: Response, next: NextFunction) => unknown

    interface Application {
      use(handler: Handler): this
      get(path: string, handler: Handler): this
      post(path: string, handler: Handler): this
      /** `http.createServer(app).listen(...)`; Express 5 also calls `callback` with a listen error. */
      listen(port: number, host: string, callback: (error?: Error) => void): Server
    }

    /** Parses JSON bodies into `request.body`. */
    function json(): Handler
  }

  function express(): express.Application

  export = express
}
