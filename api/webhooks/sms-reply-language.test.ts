import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws';
import { invitationTokenFromOutbox, signUp, uniqueEmail, verifyPhone, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

/** Resolves with the first live event of the family that matches (already seen or still to come). */
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
      if (found) resolve(found);
      else waiters.push([match, resolve]);
    });
  return { ws, next, ready: next((m) => m.type === 'subscribed') };
}

describe('an emergency page and the answers to its SMS, in the French member’s language', { timeout: 120_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  test('Bruno reads French: his emergency SMS is French and discreet, and the answers to his replies are French', { timeout: 90_000 }, async () => {
    const alice = await signUp(app.baseUrl, 'Alice');
    const family = (await alice.session.post('/api/families', { name: 'Téléphones' })).body.family;
    const brunoEmail = uniqueEmail('bruno');
    await alice.session.post(`/api/families/${family.id}/invitations`, { email: brunoEmail, role: 'caregiver' });
    const bruno = await signUp(app.baseUrl, 'Bruno', brunoEmail);
    await bruno.session.post(`/api/invitations/${await invitationTokenFromOutbox(bruno.session)}/accept`);
    const phone = '+15550003333';
    await verifyPhone(bruno.session, phone);
    assert.equal((await bruno.session.patch('/api/me', { language: 'fr' })).status, 200);
    const live = liveEvents(app.baseUrl, alice.session, family.id);
    await live.ready;

    const raised = await alice.session.post(`/api/families/${family.id}/emergencies`, { note: 'Tombée dans la cuisine' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const { ackCode } = raised.body.escalation;
    await live.next((m) => m.type === 'event' && m.event.type === 'delivery.changed' && m.event.delivery.userId === bruno.user.id && m.event.delivery.channel === 'sms' && m.event.delivery.status === 'sent');
    const sms = ((await bruno.session.get('/api/outbox')).body.messages as { id: string; channel: string; body: string }[]).find(
      (m) => m.channel === 'sms' && m.body.includes(ackCode),
    )!;
    assert.match(sms.body, /^CareCircle URGENCE : Urgence pour .*, signalée par Alice\. Merci de répondre maintenant\. Répondez \d{4} pour confirmer/);
    assert.ok(!sms.body.includes('cuisine'), 'the note never goes by SMS');

    const reply = async (body: string) => (await bruno.session.post(`/api/outbox/${sms.id}/reply`, { body })).body.reply as string;
    assert.match(await reply('oui'), /^CareCircle : répondez avec le code à 4 chiffres de l’alerte/);
    assert.equal(await reply(ackCode), 'CareCircle : merci, c’est noté. Les autres personnes ne sont plus sollicitées.');
    live.ws.close();
  });
});
