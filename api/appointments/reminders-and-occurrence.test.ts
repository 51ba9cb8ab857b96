import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appointmentVisitActivities } from '../../activities/appointments/visit-activities';
import { localDaysAhead, startAppointmentFamily, type AppointmentFamily } from './test-family';

describe('reminder opt-out, one occurrence by its key, and when ride sign-up opens, on the real stack', { timeout: 180_000 }, () => {
  let f: AppointmentFamily;
  let settings: string;
  before(async () => {
    f = await startAppointmentFamily();
    settings = `/api/families/${f.familyId}/appointment-reminders`;
  });
  after(() => f.app.stop());

  test('a member turns routine reminders off and on for themself; the reminder audience follows; audited; bad input → 400', async () => {
    const [ben, ada] = f.caregivers;
    const audience = () => appointmentVisitActivities({ dataSource: f.app.dataSource }).appointmentAudience({ familyId: f.familyId, purpose: 'reminder' });
    assert.deepEqual((await ben.session.get(settings)).body, { reminders: { routine: true } });
    const off = await ben.session.request('put', settings, { routine: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.deepEqual(off.body, { reminders: { routine: false } });
    assert.deepEqual((await ben.session.get(settings)).body, { reminders: { routine: false } });
    assert.deepEqual((await ada.session.get(settings)).body, { reminders: { routine: true } }, 'only the caller’s own setting');
    assert.ok(!(await audience()).includes(ben.user.id), 'no routine reminders for Ben');
    assert.ok((await audience()).includes(ada.user.id));
    const rideAudience = await appointmentVisitActivities({ dataSource: f.app.dataSource }).appointmentAudience({ familyId: f.familyId, purpose: 'ride_request' });
    assert.ok(rideAudience.includes(ben.user.id), 'ride requests still reach him');
    assert.equal((await f.viewer.request('put', settings, { routine: false })).status, 200, 'any member may choose');
    const bad = await ben.session.request('put', settings, { routine: 'no' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].path, 'routine');
    assert.equal((await f.stranger.request('put', settings, { routine: false })).status, 403);
    const on = await ben.session.request('put', settings, { routine: true });
    assert.deepEqual(on.body, { reminders: { routine: true } });
    assert.ok((await audience()).includes(ben.user.id));
    const [row] = (await f.app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE user_id = $1 AND operation = 'setAppointmentReminders' AND outcome = 'allowed'`,
      [ben.user.id],
    )) as { n: number }[];
    assert.equal(row!.n, 2);
  });

  test('GET one occurrence by its key returns what the agenda shows, with when its visit opens; unknown key → 404; strangers → 403', async () => {
    const later = await f.create({ start: localDaysAhead(30, '10:00'), recurrence: { freq: 'WEEKLY', count: 2 } });
    const key = localDaysAhead(30, '10:00');
    const base = `/api/families/${f.familyId}/appointments/${later.id}/occurrences`;
    const res = await f.viewer.get(`${base}/${key}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const inAgenda = (await f.agenda()).find((o) => o.seriesId === later.id && o.occurrenceKey === key);
    assert.deepEqual(res.body.occurrence, inAgenda);
    // Reminders 7 days ahead by default (and a 48 h ride deadline): the visit opens a day before the first, 8 days ahead.
    assert.equal(res.body.occurrence.opensAt, new Date(Date.parse(res.body.occurrence.startAt) - 8 * 86_400_000).toISOString());
    assert.ok(Date.parse(res.body.occurrence.opensAt) > Date.now(), 'sign-up is not open yet');
    assert.equal((await f.viewer.get(`${base}/${localDaysAhead(30, '11:00')}`)).status, 404);
    assert.equal((await f.stranger.get(`${base}/${key}`)).status, 403);
    const short = await f.create({ start: localDaysAhead(30, '15:00'), reminderLeadMinutes: [120], rideLegs: [] });
    const [o] = (await f.agenda()).filter((x) => x.seriesId === short.id);
    assert.equal(o.opensAt, new Date(Date.parse(o.startAt) - 86_400_000 - 120 * 60_000).toISOString());
  });
});
