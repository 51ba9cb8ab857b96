import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptInvitationFromOutbox, familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * The family timeline and the access log, end to end through the SPA: Alice watches the
 * feed while Ben joins and an emergency is raised, filters it, then reads who accessed
 * what. Every wait is on a response or an element, never on the clock.
 * Run: `npm test -- test/e2e/timeline`.
 */

const { newPage } = useBrowserApp({ viewport: { width: 1024, height: 900 }, timezoneId: 'Europe/Paris' });

test('Alice sees Ben join and an emergency arrive on the timeline live, filters it, and reads the access log; Ben has no access log', { timeout: 240_000 }, async () => {
  const run = unique();
  const a = await newPage();
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const familyId = await familyByApi(a, `Timeline ${run}`);
  const nan = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nan', timeZone: 'Europe/Paris' } });
  assert.equal(nan.status(), 201);
  const nanId = ((await nan.json()) as { recipient: { id: string } }).recipient.id;

  // 1. Alice opens the timeline: her own joining is there.
  const firstPage = a.waitForResponse(isCall('GET', /\/timeline$/));
  await a.goto(`/families/${familyId}/timeline`);
  assert.equal((await firstPage).status(), 200);
  const feed = a.getByRole('list', { name: 'Family timeline' });
  await feed.getByText('You joined as admin').waitFor();
  await a.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

  // 2. Ben accepts an invitation as a caregiver: Alice's feed shows it without a reload.
  let aliceLoads = 0;
  a.on('load', () => aliceLoads++);
  const b = await newPage();
  await signUpByApi(b, { email: `ben-${run}@example.com`, name: 'Ben' });
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: `ben-${run}@example.com`, role: 'caregiver' } })).status(), 201);
  await acceptInvitationFromOutbox(b, familyId);
  await feed.getByText('Ben joined as caregiver').waitFor();

  // 3. Ben raises an emergency for Nan; it arrives at the top of Alice's feed.
  assert.equal((await b.request.post(`/api/families/${familyId}/emergencies`, { data: { careRecipientId: nanId } })).status(), 201);
  const emergency = feed.getByRole('listitem').filter({ hasText: 'Emergency: Raised by Ben' });
  await emergency.first().waitFor();
  assert.match(await feed.getByRole('listitem').first().innerText(), /Emergency/);
  assert.equal(aliceLoads, 0, 'the feed grew without a reload');
  await screenshot(a, 't1-alice-timeline');

  // 4. Filters: Nan's items are the emergency only; "Members" shows the joins only. (Live refetches
  //    may run meanwhile, so each wait names the query it expects.)
  const timelineWith = (query: string) =>
    a.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname.endsWith('/timeline') && new URL(r.url()).search === query);
  const filtered = timelineWith(`?recipientId=${nanId}&limit=30`);
  await a.getByLabel('Care recipient').selectOption({ label: 'Nan' });
  assert.equal((await filtered).status(), 200);
  await feed.getByText('Ben joined as caregiver').waitFor({ state: 'detached' });
  assert.ok((await feed.getByRole('listitem').allInnerTexts()).every((t) => t.includes('Emergency')));
  const everyone = timelineWith('?limit=30');
  await a.getByLabel('Care recipient').selectOption({ label: 'Everyone' });
  assert.equal((await everyone).status(), 200);
  const members = timelineWith('?kind=membership&limit=30');
  await a.getByLabel('What').selectOption({ label: 'Members' });
  assert.equal((await members).status(), 200);
  await feed.getByText('Ben joined as caregiver').waitFor();
  assert.deepEqual((await feed.getByRole('listitem').allInnerTexts()).filter((t) => t.includes('Emergency')), []);

  // 5. The access log: Alice's reads of the timeline and Ben's emergency are there, newest first.
  const trail = a.waitForResponse(isCall('GET', /\/audit$/));
  await a.getByRole('link', { name: 'Access log' }).click();
  assert.equal((await trail).status(), 200);
  const log = a.getByRole('table', { name: 'Access log' });
  await log.getByText('You read the timeline in the app').first().waitFor();
  await log.getByText('Ben created an emergency in the app').waitFor();
  await screenshot(a, 't2-alice-access-log');

  // 6. Ben, a caregiver, has no access log tab, and the API refuses him.
  await b.goto(`/families/${familyId}/timeline`);
  await b.getByRole('list', { name: 'Family timeline' }).getByText('You joined as caregiver').waitFor();
  assert.equal(await b.getByRole('link', { name: 'Access log' }).count(), 0);
  assert.equal((await b.request.get(`/api/families/${familyId}/audit`)).status(), 403);
});
