import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique, useBrowserApp } from './browser';
import { familyWithDose, loadUnderWorker } from './offline-support';

/**
 * Logging out without a network (issue 13, item 11): the request fails, yet nothing of that
 * person stays on the device: the worker's saved copies are gone, so /login cannot be answered
 * "still logged in" from them and no family is readable; answers waiting to be sent are dropped,
 * after a warning that says so.
 * Run: `npm test -- test/e2e/offline-logout`.
 */

const { newPage } = useBrowserApp({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Paris' });

/** Every saved API answer the worker could serve offline, by path. */
const savedPaths = () =>
  (async () => {
    if (!(await caches.has('carecircle-data'))) return [];
    return (await (await caches.open('carecircle-data')).keys()).map((r) => new URL(r.url).pathname);
  })();

test('logging out offline forgets the saved copies and the queued answers; a reload shows the login page', { timeout: 240_000 }, async () => {
  const page = await newPage();
  const { familyId } = await familyWithDose(page, unique());
  await page.goto(`/families/${familyId}/today`);
  await loadUnderWorker(page);
  const row = page.getByRole('list', { name: 'Doses for Opa Karl' }).getByRole('listitem').filter({ hasText: 'Bisoprolol' });
  await row.getByRole('button', { name: /^Taken/ }).waitFor({ timeout: 60_000 });
  const before = await page.evaluate(savedPaths);
  assert.ok(before.includes('/api/auth/me') && before.includes(`/api/families/${familyId}/today`), `copies saved while online: ${before.join(', ')}`);

  await page.context().setOffline(true);
  await page.getByRole('status').filter({ hasText: 'You are offline.' }).waitFor();
  await row.getByRole('button', { name: /^Taken/ }).click();
  await page.getByText('1 answer will be sent when you are back online.').waitFor();

  const warned = new Promise<string>((resolve) => {
    page.once('dialog', (d) => {
      resolve(d.message());
      void d.accept();
    });
  });
  await page.getByRole('button', { name: 'Log out' }).click();
  assert.match(await warned, /1 answer given offline has not been sent yet and will be lost/);
  await page.getByRole('heading', { name: 'Log in' }).waitFor();

  // Still offline: a reload, and even a family's own address, open the login page, not a copy.
  await page.reload();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.goto(`/families/${familyId}/today`);
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  assert.equal(await page.getByText('Bisoprolol').count(), 0, 'no dose of the family is shown');
  assert.deepEqual(await page.evaluate(savedPaths), [], 'no saved answer is left for the worker to serve');
  assert.equal(await page.evaluate(() => localStorage.getItem('carecircle.queuedAnswers')), null, 'no answer is left queued');
});
