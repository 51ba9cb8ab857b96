import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from './chromium';
import { resendOnReset } from './resend-on-reset';

/**
 * Starts the real app and one browser for the file (before/after hooks), and hands out
 * pages, each in its own context: one context is one person's browser.
 */
export function useBrowserApp(view: { viewport: { width: number; height: number }; timezoneId: string }, appEnv?: Record<string, string>) {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [app, browser] = await Promise.all([
      startTestApp(appEnv ? { env: appEnv } : {}),
      launchChromium(),
    ]);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  return {
    app: () => app,
    /** `viewport` overrides the file's, e.g. the same flow on a desktop screen; `locale` e.g. 'fr-FR'. */
    async newPage(viewport?: { width: number; height: number }, locale = 'en-US'): Promise<Page> {
      assert.ok(browser && app, 'the app and the browser are running');
      // The page's language comes from the browser: pinned, so a machine's own LANG cannot change what a test reads.
      const context = await browser.newContext({ baseURL: app.baseUrl, locale, ...view, ...(viewport ? { viewport } : {}) });
      // Generous: the suite runs three files at a time on two cores, and a busy worker is slower, not wrong.
      context.setDefaultTimeout(30_000);
      resendOnReset(context.request);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[browser]', e));
      return page;
    },
  };
}

/** Keeps a picture of the page when E2E_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export const unique = () => `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/**
 * Matches the API's answer to a call from the page. A 503 to a call with an Idempotency-Key is
 * not its answer: the SPA sends that call again with the same key (web/src/api/client.ts), and
 * on a loaded machine the first try can meet the API's Temporal deadline while the retry wins.
 */
export function isCall(method: string, pathPattern: RegExp) {
  return (r: Response) =>
    r.request().method() === method &&
    pathPattern.test(new URL(r.url()).pathname) &&
    !(r.status() === 503 && r.request().headers()['idempotency-key'] !== undefined);
}

/** Signs up through the form, waits for the API's answer, and verifies the email as its owner would. */
export async function signUp(page: Page, user: { email: string; password: string; name: string }) {
  await page.goto('/signup');
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Your name').fill(user.name);
  const answer = page.waitForResponse(isCall('POST', /^\/api\/auth\/signup$/));
  await page.getByRole('button', { name: 'Sign up' }).click();
  assert.equal((await answer).status(), 201);
  await verifyEmailByApi(page);
}

/**
 * Opens the verify-email link from the dev outbox through the API (the page's context is the
 * person), so the page stays where sign-up left it. The landing page itself has its own test.
 */
export async function verifyEmailByApi(page: Page): Promise<void> {
  const link = await outboxLink(page, '/verify-email?token=');
  const res = await page.request.post('/api/auth/verify-email', { data: { token: new URL(link).searchParams.get('token') } });
  assert.equal(res.status(), 204);
}

/** The link of the newest outbox message of the page's user whose link contains `part`. */
export async function outboxLink(page: Page, part: string): Promise<string> {
  const res = await page.request.get('/api/outbox');
  const link = ((await res.json()) as { messages: { link: string | null }[] }).messages.find((m) => m.link?.includes(part))?.link;
  assert.ok(link, `a link with ${part} in the outbox`);
  return link;
}

/** Sets the page's user's phone and enters the SMS code from the dev outbox, through the API. */
export async function verifyPhoneByApi(page: Page, phone: string): Promise<void> {
  assert.equal((await page.request.patch('/api/me', { data: { phone } })).status(), 200);
  const res = await page.request.get('/api/outbox');
  const sms = ((await res.json()) as { messages: { channel: string; toAddress: string; body: string }[] }).messages.find(
    (m) => m.channel === 'sms' && m.toAddress === phone && /code: \d{6}/.test(m.body),
  );
  assert.ok(sms, `a code for ${phone} in the outbox`);
  const code = /code: (\d{6})/.exec(sms.body)![1];
  assert.equal((await page.request.post('/api/me/phone/verify', { data: { code } })).status(), 200);
}

/** Signs up through the API (the page's context keeps the session cookie), verifies the email and returns the new user's id. */
export async function signUpByApi(page: Page, user: { email: string; name: string; password?: string }): Promise<string> {
  const res = await page.request.post('/api/auth/signup', {
    data: { email: user.email, password: user.password ?? 'a long enough password', displayName: user.name, timeZone: 'Europe/Paris' },
  });
  assert.equal(res.status(), 201);
  await verifyEmailByApi(page);
  return ((await res.json()) as { user: { id: string } }).user.id;
}

/** A family made through the API by the page's user; its id. */
export async function familyByApi(page: Page, name: string): Promise<string> {
  const res = await page.request.post('/api/families', { data: { name } });
  assert.equal(res.status(), 201);
  return ((await res.json()) as { family: { id: string } }).family.id;
}

/** Opens the invitation waiting in this user's dev outbox, accepts it and waits for the family's page. */
export async function acceptInvitationFromOutbox(page: Page, familyId: string): Promise<void> {
  await page.goto('/outbox');
  const invitationLink = page.getByRole('list', { name: 'Messages' }).locator('a[href*="/invitations/accept?token="]').first();
  await invitationLink.waitFor({ timeout: 60_000 });
  await invitationLink.click();
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL(`**/families/${familyId}/today`);
}

/** Opens a family section by its link: on a phone the less used ones are under "More" in the bottom bar. */
export async function openSection(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Family sections' });
  const link = nav.getByRole('link', { name, exact: true });
  // On a loaded machine the bar may still be laying out when first looked at, so a link seen
  // as visible can end up under "More" (or the menu not yet open): look again a few times.
  for (let attempt = 1; ; attempt++) {
    if (!(await link.isVisible())) await nav.getByRole('button', { name: 'More' }).click();
    try {
      await link.click({ timeout: 8_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

export { zoneAwayFromMidnight } from '../support/zones';
