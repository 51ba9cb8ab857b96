import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { shiftState } from '../../temporal/shifts';
import { invitationTokenFromOutbox, signUp, uniqueEmail, verifyPhone, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { until } from '../medications/test-family';

const AUTH_TOKEN = 'test-twilio-auth-token';
const PATH = '/api/webhooks/twilio/sms';
const BEN_PHONE = '+15550005551';
const CAROL_PHONE = '+15550005552';
const MALLORY_PHONE = '+15550005553';
/** Nudge at +2 s, page at +4 s: the real stack cannot skip time, and the all-clear needs a page first. */
const LADDER = '2,4,1800';

/** Twilio's documented scheme, written out independently of the SDK that verifies it. */
function twilioSignature(url: string, form: Record<string, string>): string {
  const data = Object.keys(form).sort().reduce((acc, k) => acc + k + form[k], url);
  return createHmac('sha1', AUTH_TOKEN).update(data).digest('base64');
}

/** "YYYY-MM-DDTHH:MM" in UTC (the recipient's zone), whole minutes `minutes` from now rounded up. */
const utcIn = (minutes: number) => new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000).toISOString().slice(0, 16);

describe('checking in and out of a shift by SMS reply (IN / OUT <note>)', { timeout: 400_000 }, () => {
  let app: TestApp;
  let admin: ApiSession;
  let base: string;
  let recipientId: string;
  let ben: { session: ApiSession; user: { id: string } };
  let carol: { session: ApiSession; user: { id: string } };

  before(async () => {
    app = await startTestApp({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, SHIFT_LATE_LADDER_SECONDS_FOR_TESTS: LADDER } });
    admin = (await signUp(app.baseUrl, 'Ada')).session;
    const familyId = (await admin.post('/api/families', { name: 'Shifts by SMS' })).body.family.id as string;
    base = `/api/families/${familyId}`;
    recipientId = (await admin.post(`${base}/recipients`, { displayName: 'Nan', timeZone: 'UTC' })).body.recipient.id;
    const join = async (name: string) => {
      const email = uniqueEmail(name.toLowerCase());
      await admin.post(`${base}/invitations`, { email, role: 'caregiver' });
      const member = await signUp(app.baseUrl, name, email);
      assert.equal((await member.session.post(`/api/invitations/${await invitationTokenFromOutbox(member.session)}/accept`)).status, 200);
      return member;
    };
    ben = await join('Ben');
    await verifyPhone(ben.session, BEN_PHONE);
    carol = await join('Carol');
    assert.equal((await carol.session.patch('/api/me', { phone: CAROL_PHONE })).body.user.phoneVerified, false);
  });
  after(() => app.stop());

  /** A signed inbound SMS as Twilio posts it. */
  function post(from: string, body: string): Promise<Response> {
    const url = `${app.baseUrl}${PATH}`;
    const form = { MessageSid: `SM${randomUUID().replace(/-/g, '')}`, From: from, To: '+15550009999', Body: body };
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form) },
      body: new URLSearchParams(form).toString(),
    });
  }
  async function sms(from: string, body: string): Promise<string> {
    const res = await post(from, body);
    assert.equal(res.status, 200);
    return (await res.text()).replace(/^[\s\S]*<Message>|<\/Message>[\s\S]*$/g, '');
  }

  /** A one-off shift of `hours` hours from `start`, once its workflow is open (hours ahead: at once). */
  async function oneOff(start: string, hours: number, assigneeId: string): Promise<string> {
    const end = new Date(Date.parse(`${start}:00Z`) + hours * 3_600_000).toISOString().slice(0, 16);
    const res = await admin.post(`${base}/shifts`, { careRecipientId: recipientId, start, end, assigneeId, tasks: ['Lunch'] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.shift.id as string;
    // Open means its row is read: before that it cannot tell who may answer (ShiftOpening).
    await until('the shift workflow to open', async () => Boolean((await shiftState(app.client, id))?.startUtc), 60_000);
    return id;
  }
  const view = async (id: string) => (await admin.get(`${base}/shifts/${id}`)).body.shift;

  test('IN with no shift due yet changes nothing; IN checks in (via sms) through the workflow; bare OUT is refused; OUT <note> checks out and the note reaches the next shift', async () => {
    const later = await oneOff(utcIn(180), 2, ben.user.id);
    assert.match(await sms(BEN_PHONE, 'IN'), /no shift of yours is due now/);
    assert.equal((await view(later)).checkIn, null);
    assert.match(await sms(BEN_PHONE, 'OUT all calm'), /not checked in on a shift/);

    const now = await oneOff(utcIn(30), 2, ben.user.id);
    const start = (await view(now)).startLocal.slice(11, 16);
    assert.equal(await sms(BEN_PHONE, ' in\n'), `CareCircle: thanks, you're checked in for the ${start} shift. When you leave, send OUT and a short note for the next person.`);
    const checkedIn = await view(now);
    assert.deepEqual([checkedIn.state, checkedIn.checkIn.by.userId, checkedIn.checkIn.via], ['on_shift', ben.user.id, 'sms']);
    const live = await shiftState(app.client, now);
    assert.deepEqual([live?.phase, live?.checkIn?.via, live?.checkIn?.userId], ['on_shift', 'sms', ben.user.id]);
    assert.equal((await view(later)).checkIn, null, 'only the shift due now');
    assert.match(await sms(BEN_PHONE, 'In'), /no shift of yours is due now/, 'a second IN finds nothing left to check in');

    for (const bare of ['OUT', ' out. ', 'Out:']) {
      assert.match(await sms(BEN_PHONE, bare), /send OUT followed by a short note/);
    }
    // Hostile bodies are refused by the webhook before anyone is looked up.
    assert.equal((await post(BEN_PHONE, 'OUT calm\u0000')).status, 400);
    assert.equal((await post(BEN_PHONE, `OUT ${'x'.repeat(70_000)}`)).status, 413);
    assert.equal((await view(now)).state, 'on_shift', 'a bare OUT, a NUL byte or a huge body changes nothing');

    assert.equal(await sms(BEN_PHONE, 'OUT gave lunch, all calm'), `CareCircle: thanks, you're checked out of the ${start} shift; your note will be shown to the next person.`);
    const done = await view(now);
    assert.deepEqual([done.state, done.handoffNote, done.checkOut.via], ['done', 'gave lunch, all calm', 'sms']);
    assert.equal((await shiftState(app.client, now))?.checkOut?.via, 'sms');
    assert.deepEqual([(await view(later)).previousHandoff?.note, (await view(later)).previousHandoff?.by], ['gave lunch, all calm', 'Ben']);

    // The next shift: IN says a note is waiting, without a word of it (an SMS crosses carriers in clear).
    const next = await oneOff(utcIn(40), 1, ben.user.id);
    const inNext = await sms(BEN_PHONE, 'IN');
    assert.match(inNext, /checked in .* The last shift left a handoff note: read it in the app\./);
    assert.ok(!inNext.includes('lunch'), inNext);
    assert.equal((await view(next)).previousHandoff?.note, 'gave lunch, all calm');
    assert.match(await sms(BEN_PHONE, 'out: Slept after lunch'), /checked out/);
    assert.equal((await view(next)).handoffNote, 'Slept after lunch');

    // Audited as Ben's answers, without the note.
    const audited = (await app.dataSource.query(`SELECT user_id, operation, via, row_to_json(a)::text AS whole FROM audit_events a WHERE resource_id = $1 AND operation = 'smsShiftReply'`, [
      now,
    ])) as { user_id: string; operation: string; via: string; whole: string }[];
    assert.deepEqual(
      audited.map((a) => [a.user_id, a.via]),
      [
        [ben.user.id, 'sms'],
        [ben.user.id, 'sms'],
      ],
    );
    assert.ok(audited.every((a) => !a.whole.includes('lunch')), 'the note stays out of the audit trail');
  });

  test('an unverified phone and a stranger claiming a number change nothing and learn nothing; dose and alert replies are still routed as before', async () => {
    const carols = await oneOff(utcIn(20), 2, carol.user.id);
    const mallory = await signUp(app.baseUrl, 'Mallory');
    // Mallory claims Carol's number (never verified by anyone), then verifies a number of her own.
    assert.equal((await mallory.session.patch('/api/me', { phone: CAROL_PHONE })).body.user.phoneVerified, false);
    for (const [from, body] of [[CAROL_PHONE, 'IN'], [CAROL_PHONE, 'OUT fine'], [MALLORY_PHONE, 'IN']] as const) {
      const reply = await sms(from, body);
      assert.match(reply, /^CareCircle: (no shift of yours is due now|you are not checked in)/);
      assert.ok(!/Nan|Carol|\d\d:\d\d/.test(reply), `no name and no time in ${reply}`);
    }
    await verifyPhone(mallory.session, MALLORY_PHONE);
    assert.match(await sms(MALLORY_PHONE, 'IN'), /no shift of yours is due now/);
    const untouched = await view(carols);
    assert.deepEqual([untouched.state, untouched.checkIn], ['scheduled', null]);
    assert.equal((await shiftState(app.client, carols))?.checkIn, null);

    // Not shift replies: a word that starts with "in", a dose answer, an alert code.
    assert.match(await sms(BEN_PHONE, 'in a minute'), /reply with the 4-digit code/);
    assert.match(await sms(BEN_PHONE, 'inside'), /reply with the 4-digit code/);
    assert.match(await sms(BEN_PHONE, 'TAKEN'), /no dose is waiting/);
    assert.match(await sms(BEN_PHONE, '4821'), /no open alert with code 4821/);
  });

  test('late: after the backups are paged, an SMS IN covers the shift and the all-clear follows, as from the app', async () => {
    const late = await oneOff(utcIn(1), 1, ben.user.id);
    await until('the backups to be paged', async () => (await shiftState(app.client, late))?.late.includes('paged') === true, 200_000);
    assert.match(await sms(BEN_PHONE, 'IN'), /you're checked in/);
    await until('the all-clear', async () => (await shiftState(app.client, late))?.late.includes('all_clear') === true, 30_000);
    const after = await view(late);
    assert.deepEqual([after.state, after.checkIn.via, after.checkIn.by.userId], ['on_shift', 'sms', ben.user.id]);
    assert.match(await sms(BEN_PHONE, 'OUT all well'), /checked out/);
  });
});
