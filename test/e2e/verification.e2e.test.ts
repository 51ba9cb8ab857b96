import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCall, outboxLink, screenshot, unique, useBrowserApp } from './browser';

/**
 * Proving one's contacts through the SPA: the sign-up email's link lands on its own page,
 * and the profile asks for the SMS code of a new phone number.
 */

const { newPage } = useBrowserApp({ viewport: { width: 430, height: 932 }, timezoneId: 'Europe/Paris' });

test('a new caregiver confirms her email from the link, then proves her phone with the SMS code', { timeout: 120_000 }, async () => {
  const page = await newPage();
  await page.goto('/signup');
  await page.getByLabel('Email', { exact: true }).fill(`ines-${unique()}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByLabel('Your name').fill('Ines');
  const signedUp = page.waitForResponse(isCall('POST', /^\/api\/auth\/signup$/));
  await page.getByRole('button', { name: 'Sign up' }).click();
  assert.equal((await signedUp).status(), 201);
  await page.waitForURL('**/families');

  // 1. Her profile says the address is not verified yet.
  await page.goto('/profile');
  await page.getByText('not verified').first().waitFor();

  // 2. The link from her (dev) mailbox opens the landing page, which confirms it.
  const link = await outboxLink(page, '/verify-email?token=');
  const confirmed = page.waitForResponse(isCall('POST', /^\/api\/auth\/verify-email$/));
  await page.goto(new URL(link).pathname + new URL(link).search);
  assert.equal((await confirmed).status(), 204);
  await page.getByText('Your email address is confirmed.').waitFor();
  await screenshot(page, 'v1-email-confirmed');
  // The same link a second time does nothing, and says so.
  await page.reload();
  await page.getByRole('alert').getByText('This link does not work').waitFor();

  // 3. She adds her phone; the profile asks for the code texted to it.
  await page.goto('/profile');
  await page.getByText('verified', { exact: true }).waitFor();
  await page.getByRole('group', { name: 'Mobile phone' }).getByLabel('Number').fill('+33655501234');
  const saved = page.waitForResponse(isCall('PATCH', /^\/api\/me$/));
  await page.getByRole('button', { name: 'Save profile' }).click();
  assert.equal((await saved).status(), 200);
  await page.getByRole('heading', { name: 'Verify your phone' }).waitFor();

  // 4. A wrong code is refused next to the field; the right one (from her dev outbox) verifies the number.
  const outbox = (await (await page.request.get('/api/outbox')).json()) as { messages: { channel: string; body: string }[] };
  const code = /code: (\d{6})/.exec(outbox.messages.find((m) => m.channel === 'sms')!.body)![1]!;
  await page.getByLabel('Code from the SMS').fill(code === '000000' ? '111111' : '000000');
  const wrong = page.waitForResponse(isCall('POST', /^\/api\/me\/phone\/verify$/));
  await page.getByRole('button', { name: 'Verify phone' }).click();
  assert.equal((await wrong).status(), 400);
  await page.getByText('does not match the code we sent').waitFor();
  await page.getByLabel('Code from the SMS').fill(code);
  const right = page.waitForResponse(isCall('POST', /^\/api\/me\/phone\/verify$/));
  await page.getByRole('button', { name: 'Verify phone' }).click();
  assert.equal((await right).status(), 200);
  await page.getByText('Phone number verified.').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Verify your phone' }).count(), 0);
  await screenshot(page, 'v2-phone-verified');
});
