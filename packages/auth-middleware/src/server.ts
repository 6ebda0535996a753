/**
 * Runs the middleware: reads `.env` (if present) and the environment, validates them, and listens on
 * HOST:PORT. A bad configuration stops the start with one line naming the variable.
 */
import closeWithGrace from 'close-with-grace'
import { config as loadDotenv } from 'dotenv'
import { buildApp } from './app.js'
import { type AppConfig, ConfigError, loadConfig } from './config/config.js'

loadDotenv({ quiet: true })

let config: AppConfig
try {
  config = loadConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`auth-middleware: ${err.message}\n`)
    process.exit(1)
  }
  throw err
}

const app = await buildApp(config)

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
})

try {
  await app.listen({ host: config.host, port: config.port })
} catch (err) {
  process.stderr.write(`auth-middleware: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}\n`)
  process.exit(1)
}
