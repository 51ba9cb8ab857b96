import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startDeliveryTestEnv, type DeliveryTestEnv } from '../delivery/testing/delivery-test-env';
import { seedFamily } from '../escalation/open-escalation.test-seed';
import { appointmentDeliveryActivities } from './appointment-delivery';
import { appointmentSeriesActivities } from './series-activities';
import type { AppointmentMessageInput } from './types';
import { appointmentVisitActivities } from './visit-activities';

const DAY = 86_400_000;

describe("appointment activities on PostgreSQL: Grandma's weekly cardiology visit", () => {
  let env: DeliveryTestEnv;
  let f: Awaited<ReturnType<typeof seedSeries>>;
  before(async () => {
    env = await startDeliveryTestEnv();
    f = await seedSeries(env);
  });
  after(() => env?.close());
  const series = () => appointmentSeriesActivities({ dataSource: env.db.dataSource });
  const visits = () => appointmentVisitActivities({ dataSource: env.db.dataSource });
  const appointmentEvents = () => (env.events as unknown as { type: string; seriesId?: string; occurrenceKey?: string }[]).filter((e) => e.type === 'appointment.changed');

  test('the plan: visits due eight days ahead, a moved one at its new instant, a cancelled one left out, and when the next opens', { timeout: 30_000 }, async () => {
    const q = env.db.dataSource;
    await q.query(`INSERT INTO appointment_overrides (series_id, occurrence_key, status, start_local) VALUES ($1, '2027-03-09T09:30', 'moved', '2027-03-10T14:00')`, [f.seriesId]);
    await q.query(`INSERT INTO appointment_overrides (series_id, occurrence_key, status) VALUES ($1, '2027-03-16T09:30', 'cancelled')`, [f.seriesId]);
    const now = '2027-03-01T12:00:00.000Z';
    const plan = await series().appointmentPlan({ seriesId: f.seriesId, fromUtc: now, openBy: now, startedKeys: ['2027-03-09T09:30'] });
    assert.equal(plan.status, 'active');
    // Paris is UTC+1 in early March: 09:30 is 08:30Z. The moved 9th is running already (started), so only the 2nd is due.
    assert.deepEqual(plan.due.map((o) => [o.key, o.startUtc, o.endUtc]), [['2027-03-02T09:30', '2027-03-02T08:30:00.000Z', '2027-03-02T09:15:00.000Z']]);
    assert.deepEqual(plan.started.map((o) => [o.key, o.startUtc]), [['2027-03-09T09:30', '2027-03-10T13:00:00.000Z']]);
    // The 16th is cancelled: the next visit to open is the 23rd's (eight days ahead; Paris is on summer time from the 28th, not yet).
    assert.equal(plan.nextOpenAt, new Date(Date.parse('2027-03-23T08:30:00.000Z') - 8 * DAY).toISOString());

    await q.query(`UPDATE appointment_series SET status = 'deleted' WHERE id = $1`, [f.seriesId]);
    assert.equal((await series().appointmentPlan({ seriesId: f.seriesId, fromUtc: now, openBy: now, startedKeys: [] })).status, 'deleted');
    await q.query(`UPDATE appointment_series SET status = 'active' WHERE id = $1`, [f.seriesId]);
  });

  test('the visit rows: opened with its settings, a ride taken and given back, check-ins, one summary; each change told to open pages', { timeout: 30_000 }, async () => {
    const v = { seriesId: f.seriesId, occurrenceKey: '2027-03-02T09:30', familyId: f.familyId };
    const opened = await visits().openVisit({ ...v, startUtc: '2027-03-02T08:30:00.000Z', endUtc: '2027-03-02T09:15:00.000Z' });
    assert.deepEqual(opened, { gone: false, reminderLeads: [10080, 1440, 120], rideLegs: ['outbound'], rideDeadlineHours: 48, travelMinutes: 30 });
    await visits().recordRide({ ...v, leg: 'outbound', userId: f.anna, travelMinutes: 20, at: '2027-02-25T10:00:00.000Z' });
    await visits().recordRide({ ...v, leg: 'outbound', userId: f.anna, travelMinutes: 20, at: '2027-02-25T10:00:00.000Z' });
    const rides = () => env.db.dataSource.query('SELECT leg, user_id, travel_minutes FROM appointment_rides WHERE series_id = $1', [f.seriesId]);
    assert.deepEqual(await rides(), [{ leg: 'outbound', user_id: f.anna, travel_minutes: 20 }]);
    await visits().recordRide({ ...v, leg: 'outbound', userId: null, travelMinutes: null, at: '2027-02-26T10:00:00.000Z' });
    assert.deepEqual(await rides(), []);

    for (const kind of ['arrived', 'done'] as const) await visits().recordCheckIn({ ...v, userId: f.anna, kind, at: `2027-03-02T08:${kind === 'done' ? 59 : 25}:00.000Z` });
    await visits().recordCheckIn({ ...v, userId: f.anna, kind: 'done', at: '2027-03-02T08:59:00.000Z' });
    const summary = { ...v, userId: f.anna, notes: 'Heart fine.', followUps: ['ECG in June'], nextAppointmentSuggestion: 'June', at: '2027-03-02T10:00:00.000Z' };
    await visits().recordSummary(summary);
    await visits().recordSummary({ ...summary, notes: 'A retry must not overwrite.' });
    const [row] = await env.db.dataSource.query('SELECT status FROM appointment_visits WHERE series_id = $1 AND occurrence_key = $2', [f.seriesId, v.occurrenceKey]);
    assert.equal(row.status, 'done');
    assert.equal((await env.db.dataSource.query('SELECT * FROM appointment_check_ins WHERE series_id = $1', [f.seriesId])).length, 2);
    const summaries = await env.db.dataSource.query('SELECT notes, follow_ups FROM appointment_summaries WHERE series_id = $1', [f.seriesId]);
    assert.deepEqual(summaries, [{ notes: 'Heart fine.', follow_ups: ['ECG in June'] }]);
    await env.settle();
    assert.ok(appointmentEvents().length >= 8);
    assert.ok(appointmentEvents().every((e) => e.seriesId === f.seriesId && e.occurrenceKey === v.occurrenceKey));
  });

  test('a ride given back and taken by someone else: retried writes out of order never remove or overwrite the newer driver', { timeout: 30_000 }, async () => {
    const v = { seriesId: f.seriesId, occurrenceKey: '2027-03-09T09:30', familyId: f.familyId };
    const annaTakes = { ...v, leg: 'outbound' as const, userId: f.anna, travelMinutes: 20, at: '2027-03-01T10:00:00.000Z' };
    const annaGivesBack = { ...v, leg: 'outbound' as const, userId: null, withdrawnBy: f.anna, travelMinutes: null, at: '2027-03-01T11:00:00.000Z' };
    const benTakes = { ...v, leg: 'outbound' as const, userId: f.ben, travelMinutes: 35, at: '2027-03-01T12:00:00.000Z' };
    const driver = () => env.db.dataSource.query('SELECT user_id, travel_minutes FROM appointment_rides WHERE series_id = $1 AND occurrence_key = $2', [v.seriesId, v.occurrenceKey]);
    await visits().recordRide(annaTakes);
    await visits().recordRide(annaGivesBack);
    await visits().recordRide(benTakes);
    // Anna's give-back and her earlier take, retried after Ben's take, leave Ben driving.
    await visits().recordRide(annaGivesBack);
    await visits().recordRide(annaTakes);
    // A give-back from a visit started before `withdrawnBy` was sent: still older than Ben's take.
    await visits().recordRide({ ...annaGivesBack, withdrawnBy: undefined });
    assert.deepEqual(await driver(), [{ user_id: f.ben, travel_minutes: 35 }]);
    // Ben's own give-back, later than his take, does remove it.
    await visits().recordRide({ ...annaGivesBack, withdrawnBy: f.ben, at: '2027-03-01T13:00:00.000Z' });
    assert.deepEqual(await driver(), []);
  });

  test('who hears what: an opted-out member gets no routine reminder but is still asked for a ride; viewers never; admins alone hear "no ride"', { timeout: 30_000 }, async () => {
    await env.db.dataSource.query('INSERT INTO appointment_reminder_opt_outs (user_id, family_id) VALUES ($1, $2)', [f.ben, f.familyId]);
    const audience = (purpose: 'reminder' | 'ride_request' | 'admins') => visits().appointmentAudience({ familyId: f.familyId, purpose });
    assert.deepEqual(new Set(await audience('reminder')), new Set([f.admin, f.anna]));
    assert.deepEqual(new Set(await audience('ride_request')), new Set([f.admin, f.anna, f.ben]));
    assert.deepEqual(await audience('admins'), [f.admin]);
  });

  test('the SMS says when, never what or where; the email names the visit and its place; a retried send is a duplicate', { timeout: 30_000 }, async () => {
    const send = appointmentDeliveryActivities({ dataSource: env.db.dataSource, config: env.providers }).sendAppointmentMessage;
    const message = (channel: AppointmentMessageInput['channel']): AppointmentMessageInput => ({
      seriesId: f.seriesId,
      occurrenceKey: '2027-03-02T09:30',
      familyId: f.familyId,
      userId: f.anna,
      channel,
      kind: 'reminder',
      startUtc: '2027-03-02T08:30:00.000Z',
      dueAt: '2027-03-01T08:30:00.000Z',
      idempotencyKey: `appt/${f.seriesId}/2027-03-02T09:30/reminder/1440/${randomUUID()}/${channel}`,
    });
    const sms = message('sms');
    assert.equal((await send(sms)).status, 'sent');
    assert.deepEqual(await send(sms).then((r) => r.status), 'duplicate');
    const body = new URLSearchParams(env.twilio.requests.at(-1)!.body.toString()).get('Body')!;
    assert.equal(body, "CareCircle: reminder of Grandma's appointment on Tue 2 Mar, 09:30.");
    for (const secret of ['Cardiology', 'Cochin', 'ECG']) assert.ok(!body.includes(secret), body);
    const [attempt] = await env.db.dataSource.query('SELECT status, appointment_series_id, occurrence_key, tries FROM delivery_attempts WHERE idempotency_key = $1', [sms.idempotencyKey]);
    assert.deepEqual(attempt, { status: 'sent', appointment_series_id: f.seriesId, occurrence_key: '2027-03-02T09:30', tries: 1 });

    await send(message('email'));
    const mail = JSON.parse(env.sendgrid.requests.at(-1)!.body.toString());
    assert.equal(mail.subject, 'CareCircle: Cardiology check-up, Tue 2 Mar, 09:30');
    assert.match(mail.content[0].value, /^Coming up: Grandma's Cardiology check-up, Tue 2 Mar, 09:30 at Hôpital Cochin\./);
    assert.ok(!mail.content[0].value.includes('ECG'), 'the notes stay in the app');
  });

  test('a cancelled occurrence gets no reminder or ride request (refused for good, nothing sent); its cancellation notice still goes', { timeout: 30_000 }, async () => {
    const send = appointmentDeliveryActivities({ dataSource: env.db.dataSource, config: env.providers }).sendAppointmentMessage;
    const key = '2027-03-23T09:30';
    await env.db.dataSource.query(`INSERT INTO appointment_overrides (series_id, occurrence_key, status) VALUES ($1, $2, 'cancelled')`, [f.seriesId, key]);
    const message = (kind: AppointmentMessageInput['kind']): AppointmentMessageInput => ({
      seriesId: f.seriesId,
      occurrenceKey: key,
      familyId: f.familyId,
      userId: f.anna,
      channel: 'sms',
      kind,
      startUtc: '2027-03-23T08:30:00.000Z',
      dueAt: '2027-03-22T08:30:00.000Z',
      idempotencyKey: `appt/${f.seriesId}/${key}/${kind}/${randomUUID()}/sms`,
    });
    const sent = env.twilio.requests.length;
    for (const kind of ['reminder', 'ride_request', 'leave_by'] as const) {
      await assert.rejects(send(message(kind)), (err: Error & { nonRetryable?: boolean }) => err.nonRetryable === true && /was cancelled/.test(err.message), kind);
    }
    assert.equal(env.twilio.requests.length, sent, 'nothing reached the provider');
    assert.equal((await send(message('cancelled'))).status, 'sent');
    assert.equal(env.twilio.requests.length, sent + 1);
  });
});

/** Grandma (Paris) sees the cardiologist every Tuesday at 09:30 for 45 minutes; Anna and Ben have verified phones. */
async function seedSeries(env: DeliveryTestEnv) {
  const ds = env.db.dataSource;
  const family = await seedFamily(ds);
  await ds.query(`UPDATE users SET phone = CASE WHEN id = $1 THEN '+33612349901' ELSE '+33612349902' END, phone_verified_at = now() WHERE id IN ($1, $2)`, [family.anna, family.ben]);
  const [row] = (await ds.query(
    `INSERT INTO appointment_series (family_id, care_recipient_id, title, kind, location, notes, time_zone, start_local, duration_minutes, recurrence, ride_legs)
     VALUES ($1, $2, 'Cardiology check-up', 'doctor', 'Hôpital Cochin', 'Bring the ECG', 'Europe/Paris', '2027-03-02T09:30', 45, $3, '{outbound}') RETURNING id`,
    [family.familyId, family.recipientId, JSON.stringify({ freq: 'WEEKLY', interval: 1, byDay: ['TU'], exDates: [] })],
  )) as { id: string }[];
  return { ...family, seriesId: row!.id };
}
