import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

// Two pages: the shop's support page (visitor) and the agent console. No React plugin is installed, so JSX goes
// through Vite's built-in esbuild transform with the automatic runtime.
export default defineConfig({
  root,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // @carbon/ai-chat is a large library; its chunk size is expected, not a regression to warn about.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        visitor: resolve(root, 'index.html'),
        agent: resolve(root, 'agent.html'),
      },
    },
  },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
})
