import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws';
import { medicationHandle } from '../../temporal/medications';
import { medicationStateQuery } from '../../workflows/medication/messages';
import { startMedicationFamily, until, wallClock, zoneWithAnHourLeft, type MedicationFamily } from './test-family';

/**
 * The connection drops after the server recorded an answer; the client retries with the
 * same Idempotency-Key and must get the first answer's result, not "already answered".
 */
describe('answers are safe to retry', { timeout: 180_000 }, () => {
  const zone = zoneWithAnHourLeft();
  let f: MedicationFamily;

  before(async () => {
    f = await startMedicationFamily(zone);
  });
  after(() => f.app.stop());

  test('"Taken" sent twice with one key answers 200 twice with the same state; another key is a 409', async () => {
    // Within the early-answer window (EARLY_ANSWER_MINUTES), so it can be answered now.
    const at = wallClock(zone, new Date(Date.now() + 60 * 60_000).toISOString());
    const medication = await f.create({ timesOfDay: [at.time], startDate: at.date });
    const doseKey = `${at.date}T${at.time}`;
    const handle = medicationHandle(f.app.client, medication.id);
    await until('the workflow to plan the dose', async () => (await handle.query(medicationStateQuery)).nextDose?.doseKey === doseKey, 30_000);
    const url = `/api/families/${f.familyId}/medications/${medication.id}/doses/${doseKey}/taken`;
    const headers = { 'idempotency-key': 'tap-0001-taken' };

    const first = await f.admin.session.request('post', url, undefined, { headers });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const retry = await f.admin.session.request('post', url, undefined, { headers });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.deepEqual(retry.body, first.body);

    const someoneElse = await f.admin.session.request('post', url, undefined, { headers: { 'idempotency-key': 'tap-0002-taken' } });
    assert.equal(someoneElse.status, 409);
    assert.deepEqual(someoneElse.body.error.details, { reason: 'DoseAlreadyAnswered' }, 'a stable code the app words in the reader’s language');
    const outcomes = await f.app.dataSource.query('SELECT outcome FROM dose_records WHERE schedule_id = $1', [medication.id]);
    assert.deepEqual(outcomes, [{ outcome: 'taken' }], 'recorded once');
  });

  test('a malformed Idempotency-Key is a 400 naming the header', async () => {
    const res = await f.admin.session.request('post', `/api/families/${f.familyId}/escalations/${f.recipientId}/acknowledge`, undefined, {
      headers: { 'idempotency-key': 'bad key!' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].path, 'Idempotency-Key');
  });

  test('"I\'ve got it" by REST, then its retry by REST and over /ws with the same id, all succeed; another id is a 409', async () => {
    const raised = await f.admin.session.post(`/api/families/${f.familyId}/emergencies`, { note: 'Fell' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const url = `/api/families/${f.familyId}/escalations/${raised.body.escalation.id}/acknowledge`;
    const key = 'tap-0003-acknowledge';

    const first = await f.admin.session.request('post', url, undefined, { headers: { 'idempotency-key': key } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.escalation.status, 'acknowledged');
    const retry = await f.admin.session.request('post', url, undefined, { headers: { 'idempotency-key': key } });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.escalation.status, 'acknowledged');

    const ws = new WebSocket(`${f.app.baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: f.admin.session.cookie } });
    const results: Extract<ServerMessage, { type: 'command_result' }>[] = [];
    const twoResults = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ServerMessage;
        if (msg.type === 'hello') {
          for (const requestId of [key, 'tap-0004-acknowledge']) {
            ws.send(JSON.stringify({ type: 'acknowledge', requestId, familyId: f.familyId, escalationId: raised.body.escalation.id }));
          }
        }
        if (msg.type === 'command_result') results.push(msg);
        if (results.length === 2) resolve();
      }),
    );
    await twoResults;
    ws.close();
    const byId = Object.fromEntries(results.map((r) => [r.requestId, r.ok]));
    assert.deepEqual(byId, { [key]: true, 'tap-0004-acknowledge': false });

    const other = await f.admin.session.request('post', url, undefined, { headers: { 'idempotency-key': 'tap-0005-acknowledge' } });
    assert.equal(other.status, 409);
  });

  test('closing an acknowledged escalation with a note, retried with the same key, answers 200 twice; a different note is a 409', async () => {
    const raised = await f.admin.session.post(`/api/families/${f.familyId}/emergencies`, { note: 'Dizzy' });
    const base = `/api/families/${f.familyId}/escalations/${raised.body.escalation.id}`;
    assert.equal((await f.admin.session.answer(`${base}/acknowledge`)).status, 200);
    const resolve = (key: string, note = 'She is fine') =>
      f.admin.session.request('post', `${base}/resolve`, { note }, { headers: { 'idempotency-key': key } });
    const first = await resolve('tap-0006-resolve');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.escalation.status, 'resolved');
    const retry = await resolve('tap-0006-resolve');
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.deepEqual(retry.body, first.body);
    // The record is a database write, not an Update: a different note is a different answer.
    assert.equal((await resolve('tap-0007-resolve', 'Actually, call the doctor')).status, 409);
  });
});
