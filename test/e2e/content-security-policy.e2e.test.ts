import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCall, signUp, unique, useBrowserApp } from './browser';

/**
 * The SPA works under its own Content-Security-Policy: a page that signs up, makes a
 * family and opens it (REST and the /ws socket) triggers no violation, and another
 * site cannot frame it.
 */
const { newPage, app } = useBrowserApp({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris' });

test('signing up and opening a family breaks no CSP rule; a framing page gets nothing', { timeout: 120_000 }, async () => {
  const page = await newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });

  await signUp(page, { email: `csp-${unique()}@example.com`, password: 'correct horse battery', name: 'Casey' });
  await page.waitForURL('**/families');
  await page.getByLabel('Family name').fill('Policy');
  const created = page.waitForResponse(isCall('POST', /^\/api\/families$/));
  await page.getByRole('button', { name: /create/i }).click();
  assert.equal((await created).status(), 201, 'a same-origin state change from the SPA passes the CSRF check');
  await page.waitForURL('**/families/*/recipients');
  await page.getByRole('heading').first().waitFor();
  assert.deepEqual(violations, []);

  // A page on another origin frames the app: the browser refuses to render it inside.
  const framer = await newPage();
  await framer.setContent(`<iframe id="f" src="${app()!.baseUrl}/"></iframe>`);
  const frame = await (await framer.waitForSelector('#f')).contentFrame();
  assert.equal(await frame?.locator('#app').count(), 0, 'the app did not render inside a foreign frame');
});
