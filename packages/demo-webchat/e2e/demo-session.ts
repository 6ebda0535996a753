import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterEach } from 'vitest'
import { AgentPage } from './agent-page.js'
import { CHROMIUM_ARGS } from './chromium.js'
import { type Stack, type StackOptions, startStack } from './stack.js'
import { VisitorPage } from './visitor-page.js'

/** Screenshots of each state, kept as test artefacts (git ignores test-results/). */
export const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../test-results/e2e')

/**
 * One demo per test: its own middleware and pages on free ports, one Chromium, one browser context per
 * person (so the visitor and each agent have their own storage, as on separate machines).
 *
 * @example
 * const demo = await DemoSession.start()
 * const alice = await demo.agent('Alice')
 * const visitor = await demo.visitor()
 */
export class DemoSession {
  private constructor(
    readonly stack: Stack,
    private readonly browser: Browser,
  ) {}

  static async start(options: StackOptions = {}): Promise<DemoSession> {
    const stack = await startStack(options)
    try {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: CHROMIUM_ARGS })
      return new DemoSession(stack, browser)
    } catch (err) {
      await stack.stop()
      throw err
    }
  }

  /** A page in its own browser context; `locale` is the browser's language there (`navigator.language`). */
  private async page(locale?: string): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, ...(locale ? { locale } : {}) })
    return context.newPage()
  }

  /**
   * The visitor page; `debug` turns on Carbon's debug log, where host calls without a UI show up; `locale`
   * (e.g. `es-ES`) is the visitor's browser language, which the page's chat then speaks.
   */
  async visitor(options: { debug?: boolean; locale?: string } = {}): Promise<VisitorPage> {
    const visitor = new VisitorPage(await this.page(options.locale))
    await visitor.open(options.debug ? `${this.stack.visitorUrl}&debug=1` : this.stack.visitorUrl)
    return visitor
  }

  /**
   * An agent signed in to the console, Available unless said otherwise, speaking `languages` if given (the
   * sandbox offers a chat in one of them to this agent before agents who do not speak it).
   */
  async agent(
    name: string,
    activity: 'Available' | 'Unavailable' | 'Offline' = 'Available',
    languages?: readonly string[],
  ): Promise<AgentPage> {
    const agent = new AgentPage(await this.page())
    await agent.signIn(this.stack.agentUrl, name, activity, languages)
    return agent
  }

  /** The visitor asks the assistant, requests an agent, and `agent` accepts: the usual start of a chat. */
  async escalate(visitor: VisitorPage, agent: AgentPage, text = 'I was charged twice'): Promise<void> {
    await visitor.send(text)
    await visitor.requestAgent()
    await agent.acceptOffer()
    await visitor.expectText(`${agent.name} connected.`)
  }

  async screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`) })
  }

  async stop(): Promise<void> {
    await this.browser.close()
    await this.stack.stop()
  }
}

/**
 * A fresh demo for each test of the file, stopped after it (also when the test fails).
 *
 * @example
 * const demo = demoPerTest()
 * it('…', async () => { const session = await demo.start() })
 */
export function demoPerTest(): { start(options?: StackOptions): Promise<DemoSession> } {
  let current: DemoSession | undefined
  afterEach(async () => {
    await current?.stop()
    current = undefined
  })
  return {
    async start(options) {
      current = await DemoSession.start(options)
      return current
    },
  }
}
