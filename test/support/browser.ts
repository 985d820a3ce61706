/**
 * Debian's Chromium driven by playwright-core (launched as scripts/chromium.ts does, shared with
 * `npm run screenshots`), and axe-core run inside a page or frame.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/chromium.js';

export { CHROMIUM_PATH, launchChromium };

/** Whether the browser tests can run here; under CI they must (a missing browser fails them). */
export const chromiumAvailable = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) in a page or frame and returns the violations,
 * trimmed to what a failure message needs. Evaluated through the DevTools protocol, so the page's
 * strict CSP stays on and is tested too.
 */
export async function axeViolations(target: Page | Frame): Promise<AxeViolation[]> {
  await target.evaluate(await axeSource);
  return target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      // The chat iframe is another document, checked with its own run.
      iframes: false,
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
}
