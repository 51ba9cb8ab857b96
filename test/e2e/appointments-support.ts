import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { outboxLink, screenshot, signUpByApi } from './browser';

/** What the appointment browser tests share: the two screen sizes, axe-core, the outbox, joining a family. */

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const LEAD_MINUTES = 5;
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const liveOn = (page: Page) => page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

/** axe-core in the page: no serious or critical violation, and nothing wider than a phone. */
export async function accessible(page: Page, what: string) {
  // Through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: no serious or critical accessibility violation`);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (page.viewportSize()?.width === PHONE.width) assert.ok(widths.scroll <= widths.client, `${what}: no horizontal scroll at 390 px (${widths.scroll} > ${widths.client})`);
}

/** Both sizes of the page, the phone one first (the size the test runs at). */
export async function pictures(page: Page, name: string) {
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
}

/** "14:05" and "2026-12-08" on the clock of `timeZone` at `at`. */
export function wallClock(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** A start whose 5-minute reminder is the next whole minute at least 60 s away: time to book it first. */
export function visitStart(now: number): number {
  const next = Math.ceil(now / 60_000) * 60_000;
  return (next - now < 60_000 ? next + 60_000 : next) + LEAD_MINUTES * 60_000;
}

export interface OutboxMessage {
  subject: string | null;
  body: string;
  createdAt: string;
}
export async function firstInOutbox(page: Page, accept: (m: OutboxMessage) => boolean, timeoutMs: number): Promise<OutboxMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await page.request.get('/api/outbox');
    assert.equal(response.status(), 200);
    const found = ((await response.json()) as { messages: OutboxMessage[] }).messages.filter(accept);
    if (found.length > 0) return found.sort((x, y) => x.createdAt.localeCompare(y.createdAt))[0]!;
    assert.ok(Date.now() < until, 'the appointment reminder reached the outbox in time');
    await page.waitForTimeout(500);
  }
}

/** Joins the family through the invitation in this person's outbox (API only). */
export async function join(page: Page, familyId: string, admin: Page, who: { email: string; name: string }, role = 'caregiver') {
  assert.equal((await admin.request.post(`/api/families/${familyId}/invitations`, { data: { email: who.email, role } })).status(), 201);
  await signUpByApi(page, who);
  const token = new URL(await outboxLink(page, '/invitations/accept?token=')).searchParams.get('token')!;
  assert.equal((await page.request.post(`/api/invitations/${encodeURIComponent(token)}/accept`)).status(), 200);
}

