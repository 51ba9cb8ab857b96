import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { medicationHandle } from '../../temporal/medications';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { screenshot, unique, useBrowserApp } from './browser';
import { familyWithDose } from './offline-support';

/**
 * Installable and usable offline (issue 13, item 11), on a phone and a desktop: the app has a
 * manifest with icons and a service worker; offline, a banner says so, Today shows what was
 * last known and how old it is, a dose answered is kept on the device, a reload still opens
 * Today, and back online the answer is sent and recorded exactly once, although its first
 * reply is lost and the request sent again.
 * Run: `npm test -- test/e2e/offline`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage, app } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

async function checkPage(page: Page, name: string, width: number) {
  await screenshot(page, name);
  await assertNoSeriousA11yViolations(page, name);
  if (width === PHONE.width) await assertFitsWidth(page, PHONE.width, name);
}

/** "taken" Updates the schedule's workflow accepted: one per recorded answer, whatever was resent. */
async function acceptedTakenUpdates(scheduleId: string): Promise<number> {
  const history = await medicationHandle(app()!.client, scheduleId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId?.startsWith('taken/'))
    .length;
}

test('the app has a web manifest with icons and registers its service worker', { timeout: 120_000 }, async () => {
  const page = await newPage();
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.equal(href, '/manifest.webmanifest');
  const manifest = (await (await page.request.get(href)).json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] };
  assert.equal(manifest.name, 'CareCircle');
  assert.equal(manifest.display, 'standalone');
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    assert.ok(icon, `an icon of ${size}`);
    const res = await page.request.get(icon.src);
    assert.equal(res.headers()['content-type'], 'image/png');
  }
  // The page's CSP lets the worker and the manifest load: the worker ends up active.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(new URL(scope).pathname, '/');
});

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: offline, Today shows its age, an answer waits on the device, a reload still works, and back online it is recorded once`, { timeout: 240_000 }, async () => {
    const page = await newPage(viewport);
    const { familyId, scheduleId } = await familyWithDose(page, unique());
    await page.goto(`/families/${familyId}/today`);
    // The worker takes this page over, then a load under it keeps the copies it reads offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    await page.reload();
    const row = page.getByRole('list', { name: 'Doses for Opa Karl' }).getByRole('listitem').filter({ hasText: 'Bisoprolol' });
    const taken = row.getByRole('button', { name: /^Taken/ });
    await taken.waitFor({ timeout: 60_000 });
    await page.context().setOffline(true);

    // 1. Offline: a banner, and Today says how old it is.
    await page.getByRole('status').filter({ hasText: 'You are offline.' }).waitFor();
    await page.getByText(/As of \d\d:\d\d your time, offline/).waitFor();
    await checkPage(page, `o1-${size}-offline-today`, viewport.width);

    // 2. Answered offline: kept on the device, said so on the dose and in the banner.
    const posts: { key: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/doses\/[^/]+\/taken$/.test(new URL(r.url()).pathname)) posts.push({ key: r.headers()['idempotency-key'] });
    });
    await taken.click();
    await row.getByText('Given · not sent yet').waitFor();
    await page.getByText('1 answer will be sent when you are back online.').waitFor();
    assert.equal(await taken.count(), 0, 'no second answer offered');

    // 3. A reload without a network opens the cached app; Today shows the saved copy with its age.
    const reloadedAt = Date.now();
    const todayCopy = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/families/${familyId}/today`);
    await page.reload();
    const savedAt = (await (await todayCopy).allHeaders())['x-carecircle-saved-at'];
    assert.ok(savedAt, 'Today came from the copy the worker saved while online');
    const local = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    assert.ok(Date.parse(savedAt) < reloadedAt, 'the copy is older than the offline reload');
    await page.getByText(`As of ${local(Date.parse(savedAt))} your time, offline`).waitFor();
    await row.getByText('Given · not sent yet').waitFor();
    await checkPage(page, `o2-${size}-offline-reloaded-answer-waiting`, viewport.width);
    assert.equal(posts.length, 0, 'nothing was sent while offline');

    // 4. Back online, the first reply is lost (the answer did arrive): the resend carries the same key.
    let first = true;
    await page.route(/\/doses\/[^/]+\/taken$/, async (route) => {
      if (!first) return route.continue();
      first = false;
      // Sent on once, as a proxy would; a reset of that call itself (seen once, on a kept-alive socket) is sent again, as resendOnReset does for the tests' own calls.
      await route.fetch({ maxRetries: 2 });
      await route.abort('connectionreset');
    });
    await page.context().setOffline(false);
    await row.locator('.tag').filter({ hasText: /^Given$/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: /offline/ }).waitFor({ state: 'detached' });
    await checkPage(page, `o3-${size}-back-online-sent`, viewport.width);

    assert.ok(posts.length >= 2, `the lost reply made the app send again (${posts.length} requests)`);
    assert.equal(new Set(posts.map((p) => p.key)).size, 1, 'every send carried the key made at the tap');
    assert.equal(await acceptedTakenUpdates(scheduleId), 1, 'the workflow recorded one answer');
    const today = (await (await page.request.get(`/api/families/${familyId}/today`)).json()) as { doses: { status: string; answeredVia: string }[] };
    assert.deepEqual(
      today.doses.map((d) => [d.status, d.answeredVia]),
      [['taken', 'app']],
    );
    assert.equal(await page.evaluate(() => localStorage.getItem('carecircle.queuedAnswers')), '[]', 'nothing left queued');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });
}
