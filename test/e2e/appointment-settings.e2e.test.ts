import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, wallClock } from './appointments-support';
import { signUpByApi, unique, useBrowserApp } from './browser';

/**
 * Two small things on the Appointments tab through the SPA on the real stack: a member turns
 * their own routine reminders off (and the setting holds across a reload), and a visit whose
 * ride sign-up is not open yet says when it opens instead of offering a button the visit refuses.
 * Run: `npm test -- test/e2e/appointment-settings`.
 */
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/London' });
test('a member opts out of routine appointment reminders; a visit weeks away says when ride sign-up opens', { timeout: 180_000 }, async () => {
  const run = unique();
  const a = await newPage();
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const familyId = ((await (await a.request.post('/api/families', { data: { name: `The Elms ${run}` } })).json()) as { family: { id: string } }).family.id;
  const recipient = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nan', timeZone: 'Europe/London' } });
  const careRecipientId = ((await recipient.json()) as { recipient: { id: string } }).recipient.id;
  const start = wallClock(Date.now() + 20 * 86_400_000, 'Europe/London');
  const created = await a.request.post(`/api/families/${familyId}/appointments`, {
    data: { title: `Eye test ${run}`, kind: 'doctor', careRecipientId, location: '', notes: '', start: `${start.date}T10:00`, durationMinutes: 30, rideLegs: ['outbound'] },
  });
  assert.equal(created.status(), 201);

  await a.goto(`/families/${familyId}/appointments`);
  const toggle = a.getByLabel(/Remind me of appointments/);
  await toggle.waitFor();
  assert.equal(await toggle.isChecked(), true, 'on by default');
  const saved = a.waitForResponse((r) => r.url().endsWith(`/api/families/${familyId}/appointment-reminders`) && r.request().method() === 'PUT');
  await toggle.uncheck();
  assert.equal((await saved).status(), 200);
  assert.deepEqual(await (await a.request.get(`/api/families/${familyId}/appointment-reminders`)).json(), { reminders: { routine: false } });
  await a.reload();
  // Disabled until the saved setting is read.
  const reread = a.getByLabel(/Remind me of appointments/).and(a.locator(':enabled'));
  await reread.waitFor();
  assert.equal(await reread.isChecked(), false, 'still off after a reload');

  // Its 7-day reminder is 13 days away: the visit opens a day before, and the card says so.
  const agenda = (await (await a.request.get(`/api/families/${familyId}/appointments?to=${encodeURIComponent(new Date(Date.now() + 40 * 86_400_000).toISOString())}`)).json()) as {
    occurrences: { opensAt: string }[];
  };
  const opensAt = Date.parse(agenda.occurrences[0]!.opensAt);
  assert.ok(opensAt > Date.now() + 10 * 86_400_000);
  const opens = await a.evaluate((at) => new Intl.DateTimeFormat(undefined, { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short' }).format(at), opensAt);
  await a.getByText(`Ride sign-up opens on ${opens}`).waitFor();
  assert.equal(await a.getByRole('button', { name: /I'll drive/ }).count(), 0, 'no button the visit would refuse');
});
