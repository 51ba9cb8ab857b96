import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visitState } from '../../temporal/appointments';
import type { ApiSession } from '../../test/support/http';
import { until } from '../medications/test-family';
import { localDaysAhead, startAppointmentFamily, type AppointmentFamily } from './test-family';

const subjects = async (s: ApiSession) => ((await s.get('/api/outbox')).body.messages as { subject: string | null }[]).map((m) => m.subject ?? '');
const count = (list: string[], subject: string) => list.filter((x) => x === subject).length;
const CHANGED = 'CareCircle: appointment changed';
const CANCELLED = 'CareCircle: appointment cancelled';

describe('an edit that replaces open visits carries their rides over, on the real stack', { timeout: 240_000 }, () => {
  let f: AppointmentFamily;
  before(async () => {
    f = await startAppointmentFamily();
  });
  after(() => f.app.stop());

  test('"this and following": the companion keeps the ride on the new series\' occurrence and is told it changed, not cancelled', async () => {
    const [ben] = f.caregivers;
    // Daily, two to five days ahead: every visit is open at once (a day before its 7-day reminder).
    const old = await f.create({ start: localDaysAhead(2, '10:00'), recurrence: { freq: 'DAILY', count: 4 }, rideLegs: ['outbound'] });
    const key = localDaysAhead(3, '10:00');
    // Open means its settings are read (its legs listed), not merely that it answers queries.
    await until('the visit to open', async () => ((await visitState(f.app.client, old.id, key))?.rides.length ?? 0) > 0, 30_000);
    const took = await ben.session.answer(`/api/families/${f.familyId}/appointments/${old.id}/occurrences/${key}/ride`, { leg: 'outbound', travelMinutes: 20 });
    assert.equal(took.status, 200, JSON.stringify(took.body));

    const res = await f.admin.session.request('put', `/api/families/${f.familyId}/appointments/${old.id}`, {
      scope: 'following',
      occurrenceKey: key,
      changes: { location: 'The new clinic' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const created = res.body.appointment.id as string;
    assert.notEqual(created, old.id);
    await until('the new visit to open with Ben driving', async () => (await visitState(f.app.client, created, key))?.rides[0]?.userId === ben.user.id, 60_000);
    const state = (await visitState(f.app.client, created, key))!;
    assert.equal(state.phase, 'ride_filled');
    assert.equal(state.rides[0]!.travelMinutes, 20, 'his own travel time went with him');
    await until('the old visit to end', async () => (await visitState(f.app.client, old.id, key))?.phase === 'cancelled', 30_000);
    await until('Ben to hear that it changed', async () => count(await subjects(ben.session), CHANGED) === 1, 30_000);
    assert.equal(count(await subjects(ben.session), CANCELLED), 0, 'never told "cancelled"');

    const agenda = (await f.agenda()).filter((o) => o.occurrenceKey === key && (o.seriesId === created || o.seriesId === old.id));
    assert.deepEqual(
      agenda.map((o) => [o.seriesId, o.rides[0].driver?.userId]),
      [[created, ben.user.id]],
    );
  });

  test('a whole-series change of time: the ride moves to the occurrence on the same day, and the companion is told it changed', async () => {
    const [, ada] = f.caregivers;
    const before = await subjects(ada.session);
    const series = await f.create({ start: localDaysAhead(2, '09:00'), recurrence: { freq: 'DAILY', count: 2 }, rideLegs: ['outbound'] });
    const key = localDaysAhead(2, '09:00');
    await until('the visit to open', async () => ((await visitState(f.app.client, series.id, key))?.rides.length ?? 0) > 0, 30_000);
    assert.equal((await ada.session.answer(`/api/families/${f.familyId}/appointments/${series.id}/occurrences/${key}/ride`, { leg: 'outbound' })).status, 200);
    const res = await f.admin.session.request('put', `/api/families/${f.familyId}/appointments/${series.id}`, { scope: 'series', changes: { start: localDaysAhead(2, '09:30') } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const movedKey = localDaysAhead(2, '09:30');
    await until('the new visit to open with Ada driving', async () => (await visitState(f.app.client, series.id, movedKey))?.rides[0]?.userId === ada.user.id, 60_000);
    await until('Ada to hear that it changed', async () => count(await subjects(ada.session), CHANGED) === count(before, CHANGED) + 1, 30_000);
    assert.equal(count(await subjects(ada.session), CANCELLED), count(before, CANCELLED), 'never told "cancelled"');
    const [o] = (await f.agenda()).filter((x) => x.seriesId === series.id && x.occurrenceKey === movedKey);
    assert.equal(o.rides[0].driver?.userId, ada.user.id);
  });
});
