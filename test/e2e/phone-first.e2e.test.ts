import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, openSection, screenshot, signUp, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * A caregiver on a phone (issue 13, items 5 and 10): an invitation waiting on the Families
 * page, straight into the family's Today, sections in a bottom bar, the dev outbox out of
 * the way, a phone number typed as at home, and messages in plain words. The same pages on
 * a desktop keep every section in a row of tabs. Each page is checked with axe and, on the
 * phone, for sideways scrolling.
 * Run: `npm test -- test/e2e/phone-first`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

async function checkPage(page: Page, name: string, width: number) {
  await screenshot(page, name);
  await assertNoSeriousA11yViolations(page, name);
  if (width === PHONE.width) await assertFitsWidth(page, PHONE.width, name);
}

/** Alice's family, with Ben's email invited as a caregiver. */
async function invitedFamily(run: string, benEmail: string) {
  const a = await newPage();
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const familyName = `The Cedars ${run}`;
  const familyId = await familyByApi(a, familyName);
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: benEmail, role: 'caregiver' } })).status(), 201);
  return { familyId, familyName };
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: an invitee finds the invitation on the Families page, joins, lands on Today, and comes back there after logging in`, { timeout: 180_000 }, async () => {
    const run = unique();
    const ben = { email: `ben-${run}@example.com`, password: 'another long passphrase', name: 'Ben' };
    const { familyId, familyName } = await invitedFamily(run, ben.email);

    // 1. Ben signs up on his own (he never opened the email); the invitation waits on his Families page.
    const b = await newPage(viewport);
    await signUp(b, ben);
    await b.goto('/');
    await b.waitForURL('**/families');
    const invitation = b.getByRole('list', { name: 'Invitations for you' }).getByRole('listitem').filter({ hasText: familyName });
    await invitation.getByText('Alice invited you as Caregiver').waitFor();
    await checkPage(b, `p1-${size}-invitation-waiting`, viewport.width);

    // 2. He joins from there and lands on Today, not on a setup page.
    const joined = b.waitForResponse(isCall('POST', /^\/api\/me\/invitations\/[^/]+\/accept$/));
    await invitation.getByRole('button', { name: /^Join/ }).click();
    assert.equal((await joined).status(), 200);
    await b.waitForURL(`**/families/${familyId}/today`);
    await b.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
    const nav = b.getByRole('navigation', { name: 'Family sections' });
    const first = nav.getByRole('link').first();
    assert.equal((await first.textContent())?.trim().endsWith('Today'), true, 'Today is the first section');
    assert.equal(await first.getAttribute('aria-current'), 'page');
    const box = (await nav.boundingBox())!;
    if (size === 'phone') {
      assert.ok(Math.abs(box.y + box.height - PHONE.height) <= 1, `the bar sits at the bottom of the screen (${box.y}+${box.height})`);
      assert.ok(!(await nav.getByRole('link', { name: 'Members', exact: true }).isVisible()), 'less used sections are under More');
    } else {
      assert.ok(box.y < 400, 'a row of tabs under the title');
      await nav.getByRole('link', { name: 'Members', exact: true }).waitFor();
    }
    // The dev outbox is no main destination: it sits in a corner at the foot of the page.
    assert.equal(await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /outbox/i }).count(), 0);
    await b.getByRole('contentinfo').getByRole('link', { name: 'Dev outbox' }).waitFor();
    await checkPage(b, `p2-${size}-today-after-joining`, viewport.width);

    await openSection(b, 'Members');
    await b.waitForURL(`**/families/${familyId}/members`);
    await checkPage(b, `p3-${size}-members`, viewport.width);

    // 3. In one family, logging in again goes straight to its Today.
    await b.getByRole('button', { name: 'Log out' }).click();
    await b.waitForURL('**/login?bye=1');
    await b.getByLabel('Email', { exact: true }).fill(ben.email);
    await b.getByLabel('Password', { exact: true }).fill(ben.password);
    await b.getByRole('button', { name: 'Log in' }).click();
    await b.waitForURL(`**/families/${familyId}/today`);
  });
}

test('a fresh profile is calm; a number typed as at home is saved with its country; errors are plain words', { timeout: 120_000 }, async () => {
  const p = await newPage();
  await signUpByApi(p, { email: `dana-${unique()}@example.com`, name: 'Dana' });
  await p.goto('/profile');
  const smsHint = p.getByText('SMS needs a mobile number');
  await smsHint.waitFor();
  assert.doesNotMatch((await smsHint.getAttribute('class')) ?? '', /warn/, 'no red warning on a fresh profile');
  assert.equal(await p.locator('.field__error, .form-error').count(), 0);
  assert.equal(await p.getByText(/E\.164/).count(), 0);
  await checkPage(p, 'p4-phone-fresh-profile', PHONE.width);

  // Something that is no phone number is caught before it is sent.
  const phone = p.getByRole('group', { name: 'Mobile phone' });
  await phone.getByLabel('Country').selectOption('FR');
  await phone.getByLabel('Number').fill('12');
  await p.getByRole('button', { name: 'Save profile' }).click();
  await phone.getByText('This does not look like a mobile number. Check the country and the digits.').waitFor();

  // An empty name: the API's answer, in plain words, beside the field.
  await phone.getByLabel('Number').fill('06 12 34 56 78');
  await p.getByLabel('Your name').fill('');
  const refused = p.waitForResponse(isCall('PATCH', /^\/api\/me$/));
  await p.getByRole('button', { name: 'Save profile' }).click();
  assert.equal((await refused).status(), 400);
  await p.getByText('Please fill this in.').waitFor();
  await checkPage(p, 'p5-phone-profile-errors', PHONE.width);

  await p.getByLabel('Your name').fill('Dana');
  const saved = p.waitForResponse(isCall('PATCH', /^\/api\/me$/));
  await p.getByRole('button', { name: 'Save profile' }).click();
  const response = await saved;
  assert.equal(response.status(), 200);
  assert.equal(((await response.json()) as { user: { phone: string } }).user.phone, '+33612345678');
  await p.getByRole('heading', { name: 'Verify your phone' }).waitFor();
});

test('every section of a family, and the pages around it, fits a phone screen and passes axe', { timeout: 240_000 }, async () => {
  const run = unique();
  const a = await newPage();
  const aliceId = await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const familyId = await familyByApi(a, `The Hollies ${run}`);
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grandma Rosa', timeZone: 'Europe/Paris' } });
  const careRecipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  const created = await a.request.post(`/api/families/${familyId}/medications`, {
    data: { medicationName: 'Metformin', dose: '500 mg', careRecipientId, assignedCaregiverId: aliceId, timeZone: 'Europe/Paris', timesOfDay: ['08:00', '20:00'], pattern: { kind: 'daily' }, startDate: '2026-01-01' },
  });
  assert.equal(created.status(), 201, await created.text());
  const sections = ['Today', 'Medications', 'Appointments', 'Alerts', 'Timeline', 'Care recipients', 'Members', 'Invitations', 'Access log', 'Settings'];
  await a.goto(`/families/${familyId}/today`);
  for (const name of sections) {
    await openSection(a, name);
    await a.getByRole('main').getByRole('heading', { level: 2 }).first().waitFor();
    await checkPage(a, `p6-phone-section-${name.toLowerCase().replace(/ /g, '-')}`, PHONE.width);
  }
  for (const path of ['/families', '/profile', '/outbox', `/families/${familyId}/medications/new`]) {
    await a.goto(path);
    await a.getByRole('heading', { level: 1 }).first().waitFor();
    await checkPage(a, `p7-phone${path.replace(/\/[0-9a-f-]{36}/, '').replace(/\//g, '-')}`, PHONE.width);
  }
});
