// `node --import ./deny-flex-sandbox.mjs`: installs the hooks before the entry module loads.
import { register } from 'node:module'

register('./deny-flex-sandbox.hooks.mjs', import.meta.url)
