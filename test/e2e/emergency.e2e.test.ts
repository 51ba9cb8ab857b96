import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { acceptInvitationFromOutbox, familyByApi, isCall, screenshot, signUp, signUpByApi, unique, useBrowserApp, verifyPhoneByApi } from './browser';

/**
 * An emergency, end to end through the SPA: Alice raises it, Ben sees it arrive live,
 * answers "I'm on it" over the WebSocket, and resolves it; both pages follow along
 * without a reload. Every wait is on a response or an element, never on the clock.
 * Run: `npm test -- test/e2e/emergency`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const { newPage } = useBrowserApp({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Paris' });

/** The form signs up, then lands on the family list. */
async function signUpAndLand(page: Page, user: { email: string; password: string; name: string }) {
  await signUp(page, user);
  await page.waitForURL('**/families');
}

const liveOn = (page: Page) => page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

test('Alice raises an emergency; Ben sees it live and has it over the live channel; Alice sees who has it', { timeout: 240_000 }, async () => {
  const run = unique();
  const alice = { email: `alice-${run}@example.com`, password: 'correct horse battery', name: 'Alice' };
  const ben = { email: `ben-${run}@example.com`, password: 'another long passphrase', name: 'Ben' };
  const familyName = `The Oaks ${run}`;

  // 1. Alice signs up and creates the family.
  const a = await newPage();
  await signUpAndLand(a, alice);
  await a.getByLabel('Family name').fill(familyName);
  const created = a.waitForResponse(isCall('POST', /^\/api\/families$/));
  await a.getByRole('button', { name: 'Create family' }).click();
  assert.equal((await created).status(), 201);
  await a.waitForURL(/\/families\/[0-9a-f-]+\/recipients$/);
  const familyId = /\/families\/([0-9a-f-]+)\//.exec(a.url())?.[1];
  assert.ok(familyId);

  // 2. She invites Ben as a caregiver (through the API: the invitation UI has its own test).
  const invited = await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: ben.email, role: 'caregiver' } });
  assert.equal(invited.status(), 201);

  // 3. Ben signs up, finds the invitation in his dev outbox and accepts it.
  const b = await newPage();
  // Ben's "I'm on it" should travel as a ws command; record what his page sends.
  const benFrames: string[] = [];
  b.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && benFrames.push(f.payload)));
  await signUpAndLand(b, ben);
  await b.getByRole('link', { name: 'Outbox' }).click();
  const invitationLink = b.getByRole('list', { name: 'Messages' }).locator('a[href*="/invitations/accept?token="]').first();
  await invitationLink.waitFor({ timeout: 60_000 });
  await invitationLink.click();
  const accepted = b.waitForResponse(isCall('POST', /^\/api\/invitations\/[^/]+\/accept$/));
  await b.getByRole('button', { name: 'Accept invitation' }).click();
  assert.equal((await accepted).status(), 200);
  await b.waitForURL(`**/families/${familyId}/today`);

  // 4. Both family pages are live. From here Ben's page never reloads.
  await Promise.all([liveOn(a), liveOn(b)]);
  let benPageLoads = 0;
  b.on('load', () => benPageLoads++);

  // 5. Alice presses Emergency; it asks first, with the safe choice focused.
  await a.getByRole('button', { name: 'Emergency' }).click();
  await a.getByRole('heading', { name: 'Raise an emergency?' }).waitFor();
  assert.equal(await a.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel');
  await a.getByLabel('What is happening? (optional)').fill('Grandma fell in the kitchen');
  await screenshot(a, 'e1-alice-confirm');
  const raised = a.waitForResponse(isCall('POST', /\/emergencies$/));
  await a.getByRole('button', { name: 'Page everyone now' }).click();
  assert.equal((await raised).status(), 201);

  // 6. Ben's page shows the banner by itself.
  const benBanner = b.getByRole('region', { name: 'Open alerts' }).getByRole('article').filter({ hasText: 'Grandma fell in the kitchen' });
  await benBanner.waitFor();
  assert.match(await benBanner.innerText(), /Raised by Alice/);
  await screenshot(b, 'e2-ben-banner');

  // 7. Alice opens the details while it pages: the timeline shows Ben was paged by email.
  //    (Waiting for that before Ben answers matters: his answer cancels sends still in flight.)
  const aliceBanner = a.getByRole('region', { name: 'Open alerts' }).getByRole('article').filter({ hasText: 'Grandma fell in the kitchen' });
  await aliceBanner.getByRole('link', { name: 'Details' }).click();
  await a.waitForURL(/\/escalations\/[0-9a-f-]+$/);
  const timeline = a.getByRole('list', { name: 'What happened' });
  await timeline.getByText('Emailed Ben').first().waitFor();

  // 8. Ben has it. The answer goes over the socket; no REST fallback is needed.
  let restAcks = 0;
  b.on('request', (r) => {
    if (r.method() === 'POST' && /\/acknowledge$/.test(new URL(r.url()).pathname)) restAcks++;
  });
  await benBanner.getByRole('button', { name: "I'm on it" }).click();
  await benBanner.getByText('You are on it').waitFor();
  assert.ok(benFrames.some((f) => f.includes('"type":"acknowledge"')), 'the acknowledgement was a ws command');
  assert.equal(restAcks, 0, 'the ws command answered, so no REST call was made');

  // 9. Alice sees who has it and how, live, on the detail page and on the banner.
  await timeline.getByText('Ben took it on in the app').waitFor();
  await a.locator('article:has(#alert-title)').getByText('Ben is on it (answered in the app)').waitFor();
  await screenshot(a, 'e3-alice-acknowledged');
  await screenshot(a, 'e5-alice-detail');
  await a.getByRole('link', { name: '← All alerts' }).click();
  await a.getByRole('list', { name: 'Recent alerts' }).getByRole('link', { name: 'Emergency' }).waitFor();

  assert.equal(benPageLoads, 0, "Ben's page never reloaded");
});

test(
  'after "I\'m on it", Ben resolves the emergency with a note and both pages show it resolved',
  { timeout: 120_000 },
  async () => {
    const { a, b, familyId } = await familyOfTwo(unique());
    await Promise.all([a.goto(`/families/${familyId}/recipients`), b.goto(`/families/${familyId}/recipients`)]);
    await Promise.all([liveOn(a), liveOn(b)]);
    assert.equal((await a.request.post(`/api/families/${familyId}/emergencies`, { data: { note: 'Grandma fell' } })).status(), 201);
    const banner = (p: Page) => p.getByRole('region', { name: 'Open alerts' }).getByRole('article').filter({ hasText: 'Grandma fell' });
    await banner(b).getByRole('button', { name: "I'm on it" }).click();
    await banner(a).getByText('Ben is on it').waitFor();

    await banner(b).getByRole('button', { name: 'Resolve with a note' }).click({ timeout: 5000 });
    await banner(b).getByLabel('How was it resolved?').fill('She is fine, ice on the knee');
    const resolved = b.waitForResponse(isCall('POST', /\/resolve$/));
    await banner(b).getByRole('button', { name: 'Resolve', exact: true }).click();
    assert.equal((await resolved).status(), 200);
    await banner(b).getByText('Resolved by you: She is fine, ice on the knee').waitFor();
    // The resolved card says who closed it.
    await banner(a).getByText('Resolved by Ben: She is fine, ice on the knee').waitFor();
  },
);

/** A family with Alice (admin) and Ben (caregiver), set up through the API and Ben's outbox. */
async function familyOfTwo(run: string) {
  const a = await newPage();
  const b = await newPage();
  const benEmail = `ben-${run}@example.com`;
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  await signUpByApi(b, { email: benEmail, name: 'Ben' });
  const familyId = await familyByApi(a, `The Elms ${run}`);
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: benEmail, role: 'caregiver' } })).status(), 201);
  await acceptInvitationFromOutbox(b, familyId);
  return { a, b, familyId };
}

test('Ben answers from outside the app: an email link, then an SMS reply with the code', { timeout: 240_000 }, async () => {
  const { a, b, familyId } = await familyOfTwo(unique());
  await verifyPhoneByApi(b, '+33612345678');
  await a.goto(`/families/${familyId}/escalations`);
  await liveOn(a);
  const raise = async (note: string) => {
    const r = await a.request.post(`/api/families/${familyId}/emergencies`, { data: { note } });
    assert.equal(r.status(), 201);
    return ((await r.json()) as { escalation: { id: string; ackCode: string } }).escalation;
  };
  const aliceBanner = (note: string) => a.getByRole('region', { name: 'Open alerts' }).getByRole('article').filter({ hasText: note });

  // 1. A first emergency: Ben's email has a one-time link; it opens the answer page, no login needed.
  await raise('Smoke alarm at the flat');
  await aliceBanner('Smoke alarm at the flat').waitFor();
  await b.goto('/outbox');
  const answerLink = b.getByRole('list', { name: 'Messages' }).locator('a[href*="/answer?token="]').first();
  await answerLink.waitFor({ timeout: 60_000 });
  await answerLink.click();
  await b.waitForURL(/\/answer\?token=/);
  await b.getByRole('heading', { name: 'Emergency' }).waitFor();
  await screenshot(b, 'e6-ben-answer-page');
  // A busy server answers the first tap 503 (its Temporal deadline): the page sends the same tap again by itself.
  let refused = 0;
  await b.route(/\/api\/answers\/[^/?]+$/, (route) => {
    if (route.request().method() !== 'POST' || refused > 0) return route.continue();
    refused += 1;
    return route.fulfill({ status: 503, headers: { 'Retry-After': '1' }, json: { error: { code: 'unavailable', message: 'Try again in a moment.' } } });
  });
  const answered = b.waitForResponse(isCall('POST', /^\/api\/answers\/[^/]+$/));
  await b.getByRole('button', { name: "I'm on it" }).click();
  assert.equal((await answered).status(), 200);
  assert.equal(refused, 1);
  await b.unrouteAll();
  await b.getByText('Thank you: you are on it.').waitFor();
  await aliceBanner('Smoke alarm at the flat').getByText('Ben is on it (answered from an email link)').waitFor();

  // 2. A second emergency: Ben replies to the SMS with its code from the dev outbox.
  const second = await raise('Grandpa is not answering the door');
  await b.goto('/outbox');
  const sms = b.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: second.ackCode }).filter({ hasText: 'SMS' }).first();
  await sms.waitFor({ timeout: 60_000 });
  await sms.getByLabel('Reply by SMS').fill(second.ackCode);
  const replied = b.waitForResponse(isCall('POST', /^\/api\/outbox\/[^/]+\/reply$/));
  await sms.getByRole('button', { name: 'Reply' }).click();
  const reply = await replied;
  assert.equal(reply.status(), 200);
  const replyText = ((await reply.json()) as { reply: string }).reply;
  await sms.getByRole('status').filter({ hasText: replyText }).waitFor();
  await screenshot(b, 'e7-ben-sms-reply');
  await aliceBanner('Grandpa is not answering the door').getByText('Ben is on it (answered by SMS reply)').waitFor();
  await screenshot(a, 'e8-alice-two-answers');

  // 3. Its details show who was paged on what, and who answered how.
  await aliceBanner('Grandpa is not answering the door').getByRole('link', { name: 'Details' }).click();
  await a.waitForURL(`**/escalations/${second.id}`);
  const timeline = a.getByRole('list', { name: 'What happened' });
  await timeline.getByText('Texted Ben').first().waitFor();
  await timeline.getByText('Ben took it on by SMS reply').waitFor();
  await a.getByRole('list', { name: 'Deliveries' }).getByText('Ben · SMS').first().waitFor();
  await screenshot(a, 'e8b-alice-detail');

  // 4. A third one Alice takes on herself from its page (one clear answer: "I'm on it"), then resolves.
  const third = await raise('Boiler is leaking');
  await a.goto(`/families/${familyId}/escalations/${third.id}`);
  const card = a.locator('article:has(#alert-title)').filter({ hasText: 'Boiler is leaking' });
  await card.getByRole('button', { name: "I'm on it" }).click();
  await card.getByText('You are on it').waitFor();
  await card.getByRole('button', { name: 'Resolve with a note' }).click();
  await card.getByLabel('How was it resolved?').fill('Plumber came, valve closed');
  const resolved = a.waitForResponse(isCall('POST', /\/resolve$/));
  await card.getByRole('button', { name: 'Resolve', exact: true }).click();
  assert.equal((await resolved).status(), 200);
  await card.getByText('Resolved by you: Plumber came, valve closed').waitFor();
  await a.getByRole('link', { name: '← All alerts' }).click();
  await aliceBanner('Boiler is leaking').getByText('Resolved by you: Plumber came, valve closed').waitFor();
});

test("an admin edits Grandma's escalation chain; a bad wait is flagged on its own step", { timeout: 120_000 }, async () => {
  const { a, b, familyId } = await familyOfTwo(unique());
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grandma Rose', timeZone: 'Europe/Paris' } });
  const recipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;

  // 1. Nothing saved yet: the page shows the default chain and says so.
  await a.goto(`/families/${familyId}/recipients`);
  await a.getByRole('link', { name: 'Escalation chain for Grandma Rose' }).click();
  await a.getByText('Default policy').waitFor();

  // 2. Step 1 pages Ben by SMS; a second step with a wait of 0 minutes is refused by the API.
  const steps = a.getByRole('list', { name: 'Escalation steps' });
  const step1 = steps.getByRole('listitem').nth(0);
  await step1.getByLabel('Specific people').check();
  await step1.getByLabel('Ben', { exact: true }).check();
  await a.getByRole('button', { name: 'Add a step' }).click();
  const step2 = steps.getByRole('listitem').nth(1);
  await step2.getByLabel('Wait before the next step (minutes)').fill('0');
  const refused = a.waitForResponse(isCall('PUT', /\/escalation-policy$/));
  await a.getByRole('button', { name: 'Save escalation chain' }).click();
  const body = (await (await refused).json()) as { error: { code: string; details: { path: string }[] } };
  assert.equal(body.error.code, 'validation_failed');
  assert.ok(body.error.details.some((d) => d.path === 'steps.1.waitMinutes'), JSON.stringify(body.error.details));
  const wait2 = step2.getByLabel('Wait before the next step (minutes)');
  await step2.locator('input[aria-invalid="true"]').waitFor();
  assert.equal(await wait2.getAttribute('aria-invalid'), 'true');
  assert.equal(await step1.getByLabel('Wait before the next step (minutes)').getAttribute('aria-invalid'), null);
  await screenshot(a, 'e9-alice-chain-error');

  // 3. Fixed, it saves; Ben, a caregiver, reads the same chain in words.
  await wait2.fill('10');
  const saved = a.waitForResponse(isCall('PUT', /\/escalation-policy$/));
  await a.getByRole('button', { name: 'Save escalation chain' }).click();
  assert.equal((await saved).status(), 200);
  await a.getByText('Escalation chain saved.').waitFor();
  assert.equal(await a.getByText('Default policy').count(), 0);
  await b.goto(`/families/${familyId}/recipients/${recipientId}/escalation-chain`);
  await b.getByRole('heading', { name: 'Step 1: Ben' }).waitFor();
  await screenshot(b, 'e10-ben-chain-read');
});

test('a caregiver puts SMS first, is told it needs a phone number, and sets quiet hours', { timeout: 120_000 }, async () => {
  const page = await newPage();
  const signup = await page.request.post('/api/auth/signup', {
    data: { email: `dana-${unique()}@example.com`, password: 'a long enough password', displayName: 'Dana', timeZone: 'Europe/Paris' },
  });
  assert.equal(signup.status(), 201);

  // 1. The profile shows the default order (push, SMS, email); Dana has no phone, so SMS warns.
  const loaded = page.waitForResponse(isCall('GET', /^\/api\/me\/notification-preferences$/));
  await page.goto('/profile');
  assert.equal((await loaded).status(), 200);
  await page.getByText('SMS needs a mobile number').waitFor();

  // 2. She moves SMS to the top, turns email off and holds routine reminders 22:00–07:00.
  await page.getByRole('button', { name: 'Move SMS up' }).click();
  await page.getByRole('checkbox', { name: 'Email' }).uncheck();
  await page.getByLabel('Hold routine reminders at night').check();
  await page.getByLabel('From').fill('22:00');
  await page.getByLabel('Until').fill('07:00');
  const saved = page.waitForResponse(isCall('PUT', /^\/api\/me\/notification-preferences$/));
  await page.getByRole('button', { name: 'Save notification settings' }).click();
  const response = await saved;
  assert.equal(response.status(), 200);
  assert.deepEqual(((await response.json()) as { preferences: unknown }).preferences, {
    channels: ['sms', 'push'],
    quietHours: { start: '22:00', end: '07:00' },
  });
  await screenshot(page, 'e11-dana-notifications');

  // 3. After a reload the page shows what was stored.
  await page.reload();
  await page.getByLabel('Hold routine reminders at night').waitFor();
  assert.equal(await page.getByLabel('Hold routine reminders at night').isChecked(), true);
  assert.equal(await page.getByLabel('From').inputValue(), '22:00');
  assert.equal(await page.getByRole('checkbox', { name: 'Email' }).isChecked(), false);

  // 4. The service worker is served from the site root and installs.
  const scope = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    return registration.scope;
  });
  assert.equal(new URL(scope).pathname, '/');
});
