import { createRequire } from 'node:module'
import type { AxeResults, ImpactValue, SerialContextObject } from 'axe-core'
import type { Page } from 'playwright-core'

/** axe-core's browser build, injected into the page under test (it runs there, on the live DOM). */
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** One rule axe found broken, with where: short enough to read in a failed assertion. */
export interface AxeViolation {
  id: string
  impact: ImpactValue | undefined
  help: string
  targets: string[]
}

/**
 * Runs axe-core on the page as it is now and returns its violations of at least `minImpact`
 * (default: serious, i.e. serious and critical). `context` narrows what is checked, e.g. excluding a
 * third-party widget; axe's CSS selectors reach into shadow roots as arrays (`[['host', 'inner']]`).
 *
 * @example
 * expect(await axeViolations(page)).toEqual([])
 */
export async function axeViolations(
  page: Page,
  options: { context?: SerialContextObject; minImpact?: 'minor' | 'moderate' | 'serious' | 'critical' } = {},
): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT })
  const results = await page.evaluate(
    // axe is a global of the page once injected; only its result (plain JSON) comes back.
    (context) =>
      (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe.run(context ?? document, {
        resultTypes: ['violations'],
      }),
    options.context,
  )
  const order: ImpactValue[] = ['minor', 'moderate', 'serious', 'critical']
  const least = order.indexOf(options.minImpact ?? 'serious')
  return results.violations
    .filter((violation) => order.indexOf(violation.impact ?? null) >= least)
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' >>> ')),
    }))
}
