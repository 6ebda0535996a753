// Builds the middleware from the built `dist` with the environment this process was given, waits until it
// is ready, closes it, and prints `ready <transport>`: the child process of module-loading.test.ts.
import { buildApp, loadConfig } from '../../dist/index.js'

const app = await buildApp(loadConfig(process.env), { logStream: { write: () => undefined } })
await app.ready()
const transport = app.flex.transport
await app.close()
console.log(`ready ${transport}`)
