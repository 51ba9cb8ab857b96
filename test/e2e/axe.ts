import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's own source, injected into the page: the same rules browser extensions run. */
function axeSource(): string {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('axe-core/axe.min.js');
  } catch {
    throw new Error('axe-core is not installed: it is a devDependency of this project (npm install -D axe-core)');
  }
  return fs.readFileSync(file, 'utf8');
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe on the page as it stands and fails on any serious or critical violation, naming each. */
export async function assertNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  // Evaluated through the devtools protocol: the app's CSP (rightly) refuses inline script tags.
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `${where}: axe found serious or critical violations:\n${JSON.stringify(serious, null, 2)}`);
}

/** Nothing on the page may need sideways scrolling on a phone. */
export async function assertFitsWidth(page: Page, width: number, where: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${where}: the page is ${scrollWidth}px wide on a ${width}px screen`);
}
