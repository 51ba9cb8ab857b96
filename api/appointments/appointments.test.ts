import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appointmentSeriesHandle, visitState } from '../../temporal/appointments';
import { seriesStateQuery } from '../../workflows/appointment/messages';
import { subscribeToFamily, until } from '../medications/test-family';
import { localDaysAhead, startAppointmentFamily, ZONE, type AppointmentFamily } from './test-family';

const count = async (f: AppointmentFamily, table: string) => (await f.app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

/** How many `name` signals the series workflow has received (its history, across runs of the same id). */
/** A signal that lands while a workflow task is running enters the history only when that task completes: poll, do not read once. */
async function signalsTo(f: AppointmentFamily, seriesId: string, name: string): Promise<number> {
  const history = await appointmentSeriesHandle(f.app.client, seriesId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
}

describe('appointments over REST, on the real stack', { timeout: 180_000 }, () => {
  let f: AppointmentFamily;
  let path: string;
  before(async () => {
    f = await startAppointmentFamily();
    path = `/api/families/${f.familyId}/appointments`;
  });
  after(() => f.app.stop());

  test('create → 201 and running; the agenda shows it to a viewer with the recipient, its zone and "no ride yet"', async () => {
    const created = await f.create();
    assert.equal(created.version, 1);
    assert.equal(created.series.timeZone, ZONE, "the recipient's zone by default");
    assert.deepEqual(created.series.reminderLeadMinutes, [10080, 1440, 120]);
    assert.equal((await appointmentSeriesHandle(f.app.client, created.id).describe()).status.name, 'RUNNING');
    const mine = (await f.agenda(f.viewer)).filter((o) => o.seriesId === created.id);
    assert.equal(mine.length, 1);
    const [o] = mine;
    assert.equal(o.title, 'Cardiology check-up');
    assert.deepEqual(o.careRecipient, { id: f.recipientId, displayName: 'Nan' });
    assert.equal(o.occurrenceKey, localDaysAhead(2, '10:00'));
    assert.equal(o.startLocal, o.occurrenceKey);
    assert.equal(o.timeZone, ZONE);
    assert.equal(Date.parse(o.endAt) - Date.parse(o.startAt), 60 * 60_000);
    assert.deepEqual(o.rides, [{ leg: 'outbound', driver: null, travelMinutes: null }, { leg: 'return', driver: null, travelMinutes: null }]);
    assert.equal(o.status, 'scheduled');
  });

  test('a viewer cannot create (403) and a stranger cannot read the agenda (403); nothing is written', async () => {
    const before = await count(f, 'appointment_series');
    const viewer = await f.viewer.post(path, f.body());
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error.code, 'forbidden');
    assert.equal((await f.stranger.get(path)).status, 403);
    assert.equal((await f.stranger.post(path, f.body())).status, 403);
    assert.equal(await count(f, 'appointment_series'), before);
  });

  test("another family's care recipient → 400 naming careRecipientId; a bad recurrence → 400 naming it", async () => {
    const before = await count(f, 'appointment_series');
    const other = await f.admin.session.post(path, f.body({ careRecipientId: f.otherRecipientId }));
    assert.equal(other.status, 400);
    assert.deepEqual(other.body.error.details.map((d: { path: string }) => d.path), ['careRecipientId']);
    const ordinal = await f.admin.session.post(path, f.body({ recurrence: { freq: 'WEEKLY', byDay: ['2TU'] } }));
    assert.equal(ordinal.status, 400);
    assert.ok(ordinal.body.error.details.some((d: { path: string }) => d.path.startsWith('recurrence')));
    assert.equal(await count(f, 'appointment_series'), before);
  });

  test('the preview lists the next weekly occurrences at 10:00 local and their reminders still ahead; nothing is saved', async () => {
    const before = await count(f, 'appointment_series');
    const res = await f.admin.session.post(`${path}/preview`, f.body({ recurrence: { freq: 'WEEKLY' } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { occurrences } = res.body;
    assert.equal(occurrences.length, 8);
    for (const o of occurrences) {
      assert.equal(o.startLocal.slice(11), '10:00');
      assert.ok(o.reminders.every((r: string) => Date.parse(r) > Date.now() - 60_000 && Date.parse(r) < Date.parse(o.startAt)));
    }
    assert.equal(occurrences[0].reminders.length, 2, 'two days ahead: the 7-day reminder has passed, 1 day and 2 hours remain');
    assert.equal(occurrences[7].reminders.length, 3);
    assert.equal(await count(f, 'appointment_series'), before);
  });

  test('edit "this": one occurrence moves and keeps its key; the others stay; the version goes up', async () => {
    const weekly = await f.create({ start: localDaysAhead(3, '09:30'), recurrence: { freq: 'WEEKLY', count: 4 } });
    const keys = (await f.agenda()).filter((o) => o.seriesId === weekly.id).map((o) => o.occurrenceKey);
    assert.equal(keys.length, 4);
    const moved = `${keys[1].slice(0, 10)}T14:00`;
    const res = await f.admin.session.request('put', `${path}/${weekly.id}`, { scope: 'this', occurrenceKey: keys[1], changes: { start: moved } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.appointment.version, 2);
    assert.deepEqual(res.body.appointment.overrides, [{ key: keys[1], status: 'moved', start: moved }]);
    const after = (await f.agenda()).filter((o) => o.seriesId === weekly.id);
    assert.deepEqual(after.map((o) => [o.occurrenceKey, o.startLocal, o.moved]), [
      [keys[0], keys[0], false],
      [keys[1], moved, true],
      [keys[2], keys[2], false],
      [keys[3], keys[3], false],
    ]);
    const refused = await f.admin.session.request('put', `${path}/${weekly.id}`, { scope: 'this', occurrenceKey: keys[1], changes: { title: 'Renamed' } });
    assert.equal(refused.status, 400, 'one occurrence cannot take a new title');
    const notOne = await f.admin.session.request('put', `${path}/${weekly.id}`, { scope: 'this', occurrenceKey: `${keys[1].slice(0, 10)}T09:31`, changes: { start: moved } });
    assert.equal(notOne.status, 404, 'a key that is no occurrence');
  });

  test('edit "following": the old series ends before that occurrence (UNTIL), a new series takes the rest at the new time', async () => {
    const weekly = await f.create({ start: localDaysAhead(1, '09:00'), recurrence: { freq: 'WEEKLY' } });
    const keys = (await f.agenda()).filter((o) => o.seriesId === weekly.id).map((o) => o.occurrenceKey);
    const res = await f.admin.session.request('put', `${path}/${weekly.id}`, {
      scope: 'following',
      occurrenceKey: keys[2],
      changes: { start: `${keys[2].slice(0, 10)}T11:00`, title: 'Cardiology (new clinic)' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const split = res.body.appointment;
    assert.equal(split.splitFrom, weekly.id);
    assert.equal(split.series.start, `${keys[2].slice(0, 10)}T11:00`);
    const old = (await f.admin.session.get(`${path}/${weekly.id}`)).body.appointment;
    assert.equal(old.series.recurrence.until, keys[1]);
    assert.equal(old.version, 2);
    const agenda = await f.agenda();
    assert.deepEqual(agenda.filter((o) => o.seriesId === weekly.id).map((o) => o.occurrenceKey), keys.slice(0, 2));
    const rest = agenda.filter((o) => o.seriesId === split.id);
    assert.ok(rest.length >= 5);
    assert.ok(rest.every((o) => o.startLocal.endsWith('T11:00') && o.title === 'Cardiology (new clinic)'));
    assert.equal((await appointmentSeriesHandle(f.app.client, split.id).describe()).status.name, 'RUNNING');
  });

  test('edit "series": every occurrence changes, the version goes up, and open pages hear of it', async () => {
    const weekly = await f.create({ start: localDaysAhead(1, '08:00'), recurrence: { freq: 'DAILY', count: 3 } });
    const live = await subscribeToFamily(f.app.baseUrl, f.viewer, f.familyId);
    try {
      const res = await f.caregivers[0].session.request('put', `${path}/${weekly.id}`, { scope: 'series', changes: { title: 'Physio', kind: 'therapy', durationMinutes: 45 } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.appointment.version, 2);
      await live.next((e) => e.type === 'appointment.changed' && e.seriesId === weekly.id);
    } finally {
      live.close();
    }
    const mine = (await f.agenda()).filter((o) => o.seriesId === weekly.id);
    assert.equal(mine.length, 3);
    assert.ok(mine.every((o) => o.title === 'Physio' && o.kind === 'therapy' && Date.parse(o.endAt) - Date.parse(o.startAt) === 45 * 60_000));
    const viewer = await f.viewer.request('put', `${path}/${weekly.id}`, { scope: 'series', changes: { title: 'No' } });
    assert.equal(viewer.status, 403);
  });

  test('cancel one occurrence: the agenda shows it cancelled; cancelling it again (the retry after a 503) → 204 and the series is told again', async () => {
    const daily = await f.create({ start: localDaysAhead(1, '15:00'), recurrence: { freq: 'DAILY', count: 3 } });
    const keys = (await f.agenda()).filter((o) => o.seriesId === daily.id).map((o) => o.occurrenceKey);
    const res = await f.admin.session.delete(`${path}/${daily.id}?scope=this&occurrenceKey=${keys[1]}`);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    const after = (await f.agenda()).filter((o) => o.seriesId === daily.id);
    assert.deepEqual(after.map((o) => o.status), ['scheduled', 'cancelled', 'scheduled']);
    const version = (await f.admin.session.get(`${path}/${daily.id}`)).body.appointment.version;
    const again = await f.admin.session.delete(`${path}/${daily.id}?scope=this&occurrenceKey=${keys[1]}`);
    assert.equal(again.status, 204, JSON.stringify(again.body));
    assert.equal((await f.admin.session.get(`${path}/${daily.id}`)).body.appointment.version, version, 'nothing saved twice');
    assert.deepEqual((await f.agenda()).filter((o) => o.seriesId === daily.id).map((o) => o.status), ['scheduled', 'cancelled', 'scheduled']);
    await until('both cancels to reach the series', async () => (await signalsTo(f, daily.id, 'seriesChanged')) === 2, 30_000);
    const move = await f.admin.session.request('put', `${path}/${daily.id}`, { scope: 'this', occurrenceKey: keys[1], changes: { start: `${keys[1].slice(0, 10)}T17:00` } });
    assert.equal(move.status, 409, 'a cancelled occurrence cannot be moved');
    assert.equal((await f.admin.session.delete(`${path}/${daily.id}?scope=this`)).status, 400, 'this needs a key');
  });

  test('cancel "this and following": the series ends before that occurrence, no new series', async () => {
    const daily = await f.create({ start: localDaysAhead(1, '16:00'), recurrence: { freq: 'DAILY', count: 5 } });
    const keys = (await f.agenda()).filter((o) => o.seriesId === daily.id).map((o) => o.occurrenceKey);
    const before = await count(f, 'appointment_series');
    assert.equal((await f.admin.session.delete(`${path}/${daily.id}?scope=following&occurrenceKey=${keys[3]}`)).status, 204);
    assert.deepEqual((await f.agenda()).filter((o) => o.seriesId === daily.id).map((o) => o.occurrenceKey), keys.slice(0, 3));
    assert.equal((await f.admin.session.get(`${path}/${daily.id}`)).body.appointment.series.recurrence.count, 3);
    assert.equal(await count(f, 'appointment_series'), before);
  });

  test('delete the series → 204: gone from the agenda and the API; its open visit is cancelled and the series says deleted', async () => {
    const start = localDaysAhead(4, '12:00');
    const one = await f.create({ start });
    await until('its visit to open', async () => (await visitState(f.app.client, one.id, start)) !== null, 30_000);
    assert.equal((await f.viewer.delete(`${path}/${one.id}`)).status, 403);
    assert.equal((await f.admin.session.delete(`${path}/${one.id}`)).status, 204);
    assert.ok(!(await f.agenda()).some((o) => o.seriesId === one.id));
    assert.equal((await f.admin.session.get(`${path}/${one.id}`)).status, 404);
    const again = await f.admin.session.delete(`${path}/${one.id}`);
    assert.equal(again.status, 204, `deleting again (the retry after a 503) succeeds: ${JSON.stringify(again.body)}`);
    await until('both deletes to reach the series', async () => (await signalsTo(f, one.id, 'deleteSeries')) === 2, 30_000);
    await until('the visit to be cancelled', async () => (await visitState(f.app.client, one.id, start))?.phase === 'cancelled', 30_000);
    await until('the series to say deleted', async () => (await appointmentSeriesHandle(f.app.client, one.id).query(seriesStateQuery)).phase === 'deleted', 30_000);
  });

  test('the agenda refuses a window that is backwards or longer than a quarter', async () => {
    const from = new Date().toISOString();
    const back = await f.admin.session.get(`${path}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() - 1000).toISOString())}`);
    assert.equal(back.status, 400);
    const long = await f.admin.session.get(`${path}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 100 * 86_400_000).toISOString())}`);
    assert.equal(long.status, 400);
    assert.equal((await f.admin.session.get(`${path}?from=yesterday`)).status, 400);
  });
});
