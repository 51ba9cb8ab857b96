import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { signUp, verifyPhone, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { zoneAwayFromMidnight } from '../../test/support/zones';
import { wallClock } from '../medications/test-family';

const AUTH_TOKEN = 'test-twilio-auth-token';
const PATH = '/api/webhooks/twilio/sms';
const PHONE = '+15550003333';

/** Twilio's documented scheme, written out independently of the SDK that verifies it. */
function twilioSignature(url: string, form: Record<string, string>): string {
  const data = Object.keys(form).sort().reduce((acc, k) => acc + k + form[k], url);
  return createHmac('sha1', AUTH_TOKEN).update(data).digest('base64');
}

describe('answering a medication dose by SMS reply', () => {
  // The doses fall due half an hour from now; in this zone that is still today, whenever the test runs.
  const zone = zoneAwayFromMidnight(Date.now());
  let app: TestApp;
  let admin: { session: ApiSession; user: { id: string } };
  let familyId: string;
  let recipientId: string;

  before(async () => {
    app = await startTestApp({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    admin = await signUp(app.baseUrl, 'Ada');
    await verifyPhone(admin.session, PHONE);
    familyId = (await admin.session.post('/api/families', { name: 'Pills by SMS' })).body.family.id;
    recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: zone })).body.recipient.id;
  });
  after(() => app.stop());

  async function sms(body: string): Promise<string> {
    const url = `${app.baseUrl}${PATH}`;
    const form = { MessageSid: `SM${randomUUID().replace(/-/g, '')}`, From: PHONE, To: '+15550009999', Body: body };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form) },
      body: new URLSearchParams(form).toString(),
    });
    assert.equal(res.status, 200);
    return (await res.text()).replace(/^[\s\S]*<Message>|<\/Message>[\s\S]*$/g, '');
  }

  /** A one-dose schedule due 30 minutes from now (inside the early window), once its workflow knows the dose. */
  async function doseSoon(): Promise<{ id: string; doseKey: string }> {
    const due = wallClock(zone, new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000).toISOString());
    const res = await admin.session.post(`/api/families/${familyId}/medications`, {
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: recipientId,
      assignedCaregiverId: admin.user.id,
      timeZone: zone,
      timesOfDay: [due.time],
      pattern: { kind: 'daily' },
      startDate: due.date,
      doseCount: 1,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.medication.id as string;
    for (let i = 0; i < 100; i++) {
      const live = (await admin.session.get(`/api/families/${familyId}/medications/${id}`)).body.live;
      if (live?.nextDose) return { id, doseKey: live.nextDose.doseKey };
      await delay(100);
    }
    throw new Error('the schedule never named its next dose');
  }

  const todayOf = async (scheduleId: string) =>
    ((await admin.session.get(`/api/families/${familyId}/today`)).body.doses as Record<string, unknown>[]).find((d) => d.scheduleId === scheduleId);

  test('two doses waiting → asked to use the app; one left → "TAKEN" marks it given by SMS; a second "TAKEN" finds nothing', async () => {
    const first = await doseSoon();
    const second = await doseSoon();
    assert.match(await sms('taken'), /2 doses are waiting; please answer in the app: .*\/families\/.*\/today/);
    assert.equal((await admin.session.delete(`/api/families/${familyId}/medications/${second.id}`)).status, 204);

    assert.match(await sms('SKIP'), /say why the dose was not given/);
    assert.equal((await todayOf(first.id))?.status, 'upcoming');

    assert.match(await sms(' Taken! '), new RegExp(`the ${first.doseKey.slice(11)} dose is marked given`));
    const dose = await todayOf(first.id);
    assert.deepEqual([dose?.status, dose?.answeredVia, dose?.answeredBy], ['taken', 'sms', admin.user.id]);
    assert.match(await sms('TAKEN'), /no dose is waiting/);
  });

  test('"SKIP asleep" records the dose as not given, with the reason', async () => {
    const dose = await doseSoon();
    assert.match(await sms('skip: asleep'), /dose was not given/);
    const today = await todayOf(dose.id);
    assert.deepEqual([today?.status, today?.reason, today?.answeredVia], ['skipped', 'asleep', 'sms']);

    // The SMS is a write of health data: audited as the phone owner's answer, without the reason.
    const audited = await app.dataSource.query(
      `SELECT user_id, action, resource_type, via, operation, row_to_json(a)::text AS whole FROM audit_events a WHERE resource_id = $1`,
      [`${dose.id}/${dose.doseKey}`],
    );
    assert.equal(audited.length, 1);
    assert.deepEqual({ ...audited[0], whole: undefined }, { user_id: admin.user.id, action: 'answer', resource_type: 'dose', via: 'sms', operation: 'smsDoseReply', whole: undefined });
    assert.ok(!audited[0].whole.includes('asleep'), 'the reason stays out of the audit trail');
  });
});
