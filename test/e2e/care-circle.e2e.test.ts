import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type WebSocketRoute } from 'playwright-core';
import { isCall, openSection, screenshot, signUp, unique, useBrowserApp } from './browser';

/**
 * Two caregivers, two browsers, one family: everything goes through the SPA, and every
 * wait is on a response or an element, never on the clock.
 * Run: `npm test -- test/e2e/care-circle` (the runner starts the shared PostgreSQL and
 * Temporal, rebuilds web/dist when web/src changed, and installs Chromium if missing).
 * Set E2E_SCREENSHOTS=<dir> to keep a picture of each key page.
 */

const { newPage } = useBrowserApp({ viewport: { width: 430, height: 932 }, timezoneId: 'America/New_York' });

test('a family forms around Grandma Rose, and each caregiver sees the other live', { timeout: 240_000 }, async () => {
  const run = unique();
  const alice = { email: `alice-${run}@example.com`, password: 'correct horse battery', name: 'Alice Admin' };
  const bea = { email: `bea-${run}@example.com`, password: 'another long passphrase', name: 'Bea Caregiver' };
  const familyName = `The Rivers ${run}`;

  // 1. Alice signs up; the SPA takes her to her (empty) list of families.
  const a = await newPage();
  await signUp(a, alice);
  await a.waitForURL('**/families');
  await a.getByRole('heading', { name: 'Your families' }).waitFor();

  // 2. She creates a family and lands on its care recipients tab, as its admin.
  await a.getByLabel('Family name').fill(familyName);
  const created = a.waitForResponse(isCall('POST', /^\/api\/families$/));
  await a.getByRole('button', { name: 'Create family' }).click();
  assert.equal((await created).status(), 201);
  await a.waitForURL(/\/families\/[0-9a-f-]+\/recipients$/);
  const familyId = /\/families\/([0-9a-f-]+)\//.exec(a.url())?.[1];
  assert.ok(familyId, 'the family id is in the address');
  await a.getByRole('heading', { level: 1, name: familyName }).waitFor();

  // 3. She invites Bea's email as a caregiver; the invitation shows as pending.
  await openSection(a, 'Invitations');
  await a.getByLabel('Email', { exact: true }).fill(bea.email);
  await a.getByLabel('Role').selectOption('caregiver');
  const invited = a.waitForResponse(isCall('POST', /\/invitations$/));
  await a.getByRole('button', { name: 'Send invitation' }).click();
  assert.equal((await invited).status(), 201);
  await a.getByRole('list', { name: 'Pending invitations' }).getByText(bea.email).waitFor();
  await screenshot(a, '1-alice-invitations');

  // 4. Alice opens the members tab and waits until the server confirms her live subscription.
  await openSection(a, 'Members');
  await a.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
  // From here on Alice's page must never reload nor refetch the lists: what appears, arrives live.
  let alicePageLoads = 0;
  a.on('load', () => alicePageLoads++);
  const aliceListFetches: string[] = [];
  a.on('request', (r) => {
    if (r.method() === 'GET' && /\/(members|recipients)$/.test(new URL(r.url()).pathname)) aliceListFetches.push(r.url());
  });

  // 5. Bea signs up with the invited address in her own browser and opens her dev outbox.
  const b = await newPage();
  await signUp(b, bea);
  await b.waitForURL('**/families');
  await b.getByRole('link', { name: 'Outbox' }).click();
  await b.getByRole('heading', { name: 'Dev outbox' }).waitFor();
  // The invitation email is written by a Temporal activity; the page polls until it lands.
  const invitationLink = b.getByRole('list', { name: 'Messages' }).locator('a[href*="/invitations/accept?token="]').first();
  await invitationLink.waitFor({ timeout: 60_000 });
  await screenshot(b, '2-bea-outbox');

  // 6. She follows the link, sees what she is invited to, and accepts.
  await invitationLink.click();
  await b.waitForURL(/\/invitations\/accept\?token=/);
  await b.getByRole('heading', { name: `Join ${familyName}` }).waitFor();
  await screenshot(b, '3-bea-accept');
  const accepted = b.waitForResponse(isCall('POST', /^\/api\/invitations\/[^/]+\/accept$/));
  await b.getByRole('button', { name: 'Accept invitation' }).click();
  assert.equal((await accepted).status(), 200);
  // A caregiver who joins lands on Today, the page they will use every day.
  await b.waitForURL(`**/families/${familyId}/today`);
  await b.getByRole('heading', { level: 1, name: familyName }).waitFor();
  await openSection(b, 'Care recipients');

  // 7. Without reloading, Alice's members list now shows Bea as a caregiver.
  const beaRow = a.getByRole('list', { name: 'Members' }).getByRole('listitem').filter({ hasText: bea.name });
  await beaRow.waitFor();
  assert.equal(await beaRow.getByLabel(`Role for ${bea.name}`).inputValue(), 'caregiver');
  await screenshot(a, '4-alice-members-live');

  // 8. Alice switches to the care recipients tab (an in-app link: no reload) and waits there.
  await openSection(a, 'Care recipients');
  await a.getByRole('heading', { level: 2, name: 'Care recipients' }).waitFor();

  // 9. Bea, a caregiver, adds Grandma Rose, who lives in Paris.
  await b.getByLabel('Name', { exact: true }).fill('Grandma Rose');
  await b.getByLabel('Their time zone').selectOption('Europe/Paris');
  const added = b.waitForResponse(isCall('POST', /\/recipients$/));
  await b.getByRole('button', { name: 'Add care recipient' }).click();
  assert.equal((await added).status(), 201);
  await b.getByRole('list', { name: 'Care recipients' }).getByText('Grandma Rose').waitFor();

  // 10. Grandma Rose appears on Alice's screen, with her Paris time zone, by itself.
  const rose = a.getByRole('list', { name: 'Care recipients' }).getByRole('listitem').filter({ hasText: 'Grandma Rose' });
  await rose.waitFor();
  assert.match(await rose.innerText(), /Europe\/Paris/);
  await screenshot(a, '5-alice-recipients-live');

  assert.equal(alicePageLoads, 0, "Alice's page never reloaded");
  assert.deepEqual(aliceListFetches, [], 'Bea and Grandma Rose reached Alice over the WebSocket, not by refetching');
});

test('the API rejects a 3-character password and the form says so next to the field', { timeout: 60_000 }, async () => {
  // 1. A visitor fills the sign-up form with a password that is far too short.
  const page = await newPage();
  await page.goto('/signup');
  await page.getByLabel('Email', { exact: true }).fill(`short-${unique()}@example.com`);
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('abc');
  await page.getByLabel('Your name').fill('Sam Short');

  // 2. The SPA does not pre-judge: the API's answer is the one rule, and it says 400.
  const answer = page.waitForResponse(isCall('POST', /^\/api\/auth\/signup$/));
  await page.getByRole('button', { name: 'Sign up' }).click();
  const response = await answer;
  assert.equal(response.status(), 400);
  const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
  assert.equal(body.error.code, 'validation_failed');
  assert.ok(body.error.details.some((d) => d.path === 'password'));

  // 3. The password field is marked invalid and described by the API's own message.
  await page.locator('input[aria-invalid="true"]').first().waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
  const messages = await Promise.all(describedBy.split(' ').filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
  assert.ok(
    messages.some((m) => m.includes('at least 8 characters')),
    `the password field is described by the API's message; got ${JSON.stringify(messages)}`,
  );
  // Other fields are fine, so they carry no error.
  assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), null);
  assert.equal(page.url(), new URL('/signup', page.url()).href, 'the visitor stays on the form');
  await screenshot(page, '0-signup-validation');
});

test('when the live connection drops, the page reconnects, catches up and stays live', { timeout: 120_000 }, async () => {
  const run = unique();
  const page = await newPage();
  // Every socket the SPA opens goes through this switch: while `reachable` is false the
  // "network" refuses it at once, as a phone in a tunnel would.
  let reachable = true;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (!reachable) return ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });

  // 1. Carla signs up, creates a family and sees it live.
  await signUp(page, { email: `carla-${run}@example.com`, password: 'a fine long password', name: 'Carla' });
  await page.getByLabel('Family name').fill(`The Lakes ${run}`);
  await page.getByRole('button', { name: 'Create family' }).click();
  await page.waitForURL(/\/families\/[0-9a-f-]+\/recipients$/);
  const familyId = /\/families\/([0-9a-f-]+)\//.exec(page.url())?.[1];
  assert.ok(familyId);
  const liveBadge = page.getByRole('status').filter({ hasText: /Live updates on|Connecting|Reconnecting/ });
  await liveBadge.filter({ hasText: 'Live updates on' }).waitFor();

  // 2. The connection drops and the network stays down: the page says it is reconnecting.
  reachable = false;
  await sockets.at(-1)?.close();
  await liveBadge.filter({ hasText: 'Reconnecting' }).waitFor();

  // 3. Meanwhile (say, from her other phone) Uncle Tom is added; this event is lost to the page.
  const recipients = `/api/families/${familyId}/recipients`;
  const tom = await page.request.post(recipients, { data: { displayName: 'Uncle Tom', timeZone: 'Europe/London' } });
  assert.equal(tom.status(), 201);

  // 4. The network is back: the page re-subscribes by itself and refetches what it missed.
  reachable = true;
  const caughtUp = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === recipients);
  await liveBadge.filter({ hasText: 'Live updates on' }).waitFor({ timeout: 60_000 });
  await caughtUp;
  const list = page.getByRole('list', { name: 'Care recipients' });
  await list.getByText('Uncle Tom').waitFor();

  // 5. And it is live again: the next change arrives over the new socket, without a refetch.
  let refetches = 0;
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === recipients) refetches++;
  });
  const may = await page.request.post(recipients, { data: { displayName: 'Aunt May', timeZone: 'Asia/Tokyo' } });
  assert.equal(may.status(), 201);
  await list.getByText('Aunt May').waitFor();
  assert.equal(refetches, 0, 'Aunt May came as a live event');
  assert.ok(sockets.length >= 2, 'a new socket was opened');
});
