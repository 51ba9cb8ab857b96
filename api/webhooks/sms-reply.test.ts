import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws';
import { invitationTokenFromOutbox, signUp, uniqueEmail, verifyPhone, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

const AUTH_TOKEN = 'test-twilio-auth-token';
const PATH = '/api/webhooks/twilio/sms';

/** Twilio's documented scheme, written out independently of the SDK that verifies it. */
function twilioSignature(url: string, form: Record<string, string>): string {
  const data = Object.keys(form).sort().reduce((acc, k) => acc + k + form[k], url);
  return createHmac('sha1', AUTH_TOKEN).update(data).digest('base64');
}

function liveEvents(baseUrl: string, session: ApiSession, familyId: string) {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: session.cookie } });
  const seen: ServerMessage[] = [];
  const waiters: [(m: ServerMessage) => boolean, (m: ServerMessage) => void][] = [];
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as ServerMessage;
    if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', familyId }));
    seen.push(msg);
    for (const w of [...waiters]) if (w[0](msg)) (waiters.splice(waiters.indexOf(w), 1), w[1](msg));
  });
  const next = (match: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) => {
      const found = seen.find(match);
      found ? resolve(found) : waiters.push([match, resolve]);
    });
  return { ws, next, ready: next((m) => m.type === 'subscribed') };
}

describe('an emergency answered by SMS reply', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
  });
  after(() => app.stop());

  test('emergency → SMS in the outbox → signed reply stops it → another member sees it live; forged, unsigned and replayed webhooks are refused', async () => {
    // Alice (admin) and Ben (caregiver) form a family; Ben has a phone for SMS.
    const alice = await signUp(app.baseUrl, 'Alice');
    const family = (await alice.session.post('/api/families', { name: 'Phones' })).body.family;
    const benEmail = uniqueEmail('ben');
    await alice.session.post(`/api/families/${family.id}/invitations`, { email: benEmail, role: 'caregiver' });
    const ben = await signUp(app.baseUrl, 'Ben', benEmail);
    await ben.session.post(`/api/invitations/${await invitationTokenFromOutbox(ben.session)}/accept`);
    const benPhone = '+15550002222';
    await verifyPhone(ben.session, benPhone);
    const aliceLive = liveEvents(app.baseUrl, alice.session, family.id);
    await aliceLive.ready;

    // Alice raises the alarm; Ben's SMS is delivered (to the dev outbox, no Twilio account set).
    const raised = await alice.session.post(`/api/families/${family.id}/emergencies`, { note: 'Fell in the kitchen' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const { id: escalationId, ackCode } = raised.body.escalation;
    await aliceLive.next((m) => m.type === 'event' && m.event.type === 'delivery.changed' && m.event.delivery.userId === ben.user.id && m.event.delivery.channel === 'sms' && m.event.delivery.status === 'sent');
    const sms = (await ben.session.get('/api/outbox')).body.messages.find((m: { channel: string }) => m.channel === 'sms');
    assert.ok(sms.body.includes(ackCode), sms.body);

    const url = `${app.baseUrl}${PATH}`;
    const form = { MessageSid: `SM${escalationId.replace(/-/g, '')}`, From: benPhone, To: '+15550009999', Body: ackCode };
    const post = (headers: Record<string, string>, body = form) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString() });

    // Not from Twilio: no signature, a signature over other content, a signature with another key.
    assert.equal((await post({})).status, 403);
    assert.equal((await post({ 'x-twilio-signature': twilioSignature(url, { ...form, Body: '0000' }) })).status, 403);
    assert.equal((await post({ 'x-twilio-signature': createHmac('sha1', 'wrong').update(url).digest('base64') })).status, 403);

    // Ben's genuine reply acknowledges; Twilio gets a TwiML answer.
    const reply = await post({ 'x-twilio-signature': twilioSignature(url, form) });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /xml/);
    assert.match(await reply.text(), /<Response><Message>CareCircle: thanks, you've got it/);

    // Alice sees it stop, live: acknowledged by Ben, by SMS.
    const done = await aliceLive.next((m) => m.type === 'event' && m.event.type === 'escalation.changed' && m.event.escalation.status === 'acknowledged');
    assert.ok(done.type === 'event' && done.event.type === 'escalation.changed');
    assert.equal(done.event.escalation.answeredBy, ben.user.id);
    assert.equal(done.event.escalation.answeredVia, 'sms');

    // The very same request again (a replay) is refused and changes nothing.
    assert.equal((await post({ 'x-twilio-signature': twilioSignature(url, form) })).status, 409);
    aliceLive.ws.close();
  });

  test('a stranger who types a member\'s number reads none of its texts and cannot answer for it; an unverified phone is neither texted nor heard', { timeout: 60_000 }, async () => {
    // Alice and Ben form a family; Ben proves his number. Carol joins too, but never enters her code.
    const alice = await signUp(app.baseUrl, 'Alice');
    const family = (await alice.session.post('/api/families', { name: 'Squatters' })).body.family;
    const join = async (name: string) => {
      const email = uniqueEmail(name.toLowerCase());
      await alice.session.post(`/api/families/${family.id}/invitations`, { email, role: 'caregiver' });
      const member = await signUp(app.baseUrl, name, email);
      assert.equal((await member.session.post(`/api/invitations/${await invitationTokenFromOutbox(member.session)}/accept`)).status, 200);
      return member;
    };
    const ben = await join('Ben');
    const benPhone = '+15550003333';
    await verifyPhone(ben.session, benPhone);
    const carol = await join('Carol');
    const carolPhone = '+15550004444';
    const carolSet = await carol.session.patch('/api/me', { phone: carolPhone });
    assert.equal(carolSet.body.user.phoneVerified, false);

    // Mallory, no member, claims Ben's number; it stays unverified (the code went to Ben's phone).
    const mallory = await signUp(app.baseUrl, 'Mallory');
    const squat = await mallory.session.patch('/api/me', { phone: benPhone });
    assert.equal(squat.status, 200);
    assert.equal(squat.body.user.phoneVerified, false);

    const aliceLive = liveEvents(app.baseUrl, alice.session, family.id);
    await aliceLive.ready;
    const raised = await alice.session.post(`/api/families/${family.id}/emergencies`, { note: 'Fell on the stairs' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const { id: escalationId, ackCode } = raised.body.escalation;
    const sent = (userId: string, channel: string) => (m: ServerMessage) =>
      m.type === 'event' && m.event.type === 'delivery.changed' && m.event.delivery.userId === userId && m.event.delivery.channel === channel && m.event.delivery.status === 'sent';
    await aliceLive.next(sent(ben.user.id, 'sms'));
    await aliceLive.next(sent(carol.user.id, 'email'));

    // Mallory's outbox holds her own code request and nothing of the family's; Ben's text cannot be answered from her account.
    const malloryBox = (await mallory.session.get('/api/outbox')).body.messages as { body: string }[];
    // As a whole word: her own 6-digit verification code may contain the 4 digits by chance.
    const holdsCode = new RegExp(`\\b${ackCode}\\b`);
    assert.ok(malloryBox.every((m) => !holdsCode.test(m.body) && !m.body.includes('Fell')), JSON.stringify(malloryBox));
    const benSms = ((await ben.session.get('/api/outbox')).body.messages as { id: string; channel: string; body: string }[]).find(
      (m) => m.channel === 'sms' && m.body.includes(ackCode),
    )!;
    assert.equal((await mallory.session.post(`/api/outbox/${benSms.id}/reply`, { body: ackCode })).status, 404);

    // Carol's unverified phone got no text, and a reply from it is not heard.
    const carolSms: unknown[] = await app.dataSource.query(`SELECT 1 FROM delivery_attempts WHERE escalation_id = $1 AND user_id = $2 AND channel = 'sms'`, [
      escalationId,
      carol.user.id,
    ]);
    assert.equal(carolSms.length, 0);
    const url = `${app.baseUrl}${PATH}`;
    const form = { MessageSid: `SMc${escalationId.replace(/-/g, '')}`, From: carolPhone, To: '+15550009999', Body: ackCode };
    const reply = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, form) },
      body: new URLSearchParams(form).toString(),
    });
    assert.match(await reply.text(), /no open alert with code/);
    const [row] = await app.dataSource.query('SELECT status FROM escalations WHERE id = $1', [escalationId]);
    assert.equal(row.status, 'active');
    aliceLive.ws.close();
  });
});
