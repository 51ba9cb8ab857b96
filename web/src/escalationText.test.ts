import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EscalationView } from './api/contracts';
import { doseStateWords } from './doseAlertText';
import { alertSubject, alertTone, emergencyNumber, pagingLine, statusLine, timelineLine } from './escalationText';
import { inFrench } from './i18n/inLocale';
import { todayDose } from './testing/todayDose';

const names: Record<string, string> = { ben: 'Ben', ana: 'Ana', sam: 'Sam', me: 'you' };
const nameOf = (id: string | null) => (id ? (names[id] ?? 'a former member') : 'someone');
const startedAt = '2026-11-30T06:18:00.000Z';
const alert = (over: Partial<EscalationView> = {}): EscalationView => ({
  id: '00000000-0000-4000-8000-000000000001',
  familyId: '00000000-0000-4000-8000-000000000002',
  careRecipientId: null,
  kind: 'medication',
  urgency: 'urgent',
  status: 'active',
  ackCode: '1234',
  note: null,
  startedBy: null,
  startedAt,
  round: 1,
  step: 1,
  answeredBy: null,
  answeredVia: null,
  answeredAt: null,
  claimUntil: null,
  resolutionNote: null,
  finishedAt: null,
  subject: 'Metformin 500 mg',
  doseKey: '2026-11-30T06:00',
  chain: [
    { userIds: ['ben'], channels: ['sms'], waitMinutes: 30 },
    { userIds: ['ana'], channels: ['sms', 'email'], waitMinutes: 15 },
  ],
  stepStartedAt: startedAt,
  resolvedBy: null,
  ...over,
});
const dose = todayDose;
const clock = (iso: string) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));

test('two dose alerts never look alike: each names its medication and dose time; texts are not involved', { timeout: 5_000 }, () => {
  assert.equal(alertSubject(alert()), 'Metformin 500 mg · 06:00 dose');
  assert.equal(alertSubject(alert({ subject: 'Warfarin 5 mg', doseKey: '2026-11-30T21:00' })), 'Warfarin 5 mg · 21:00 dose');
  // An alert from before subjects were recorded still says what kind it is, and never "missed" while it may yet be given.
  assert.equal(alertSubject(alert({ subject: null, doseKey: null })), 'Dose not confirmed');
  assert.equal(alertSubject(alert({ kind: 'emergency', subject: null })), 'Emergency');
});

test('plain words while it runs: who is being contacted now, and who is next and when', { timeout: 5_000 }, () => {
  assert.equal(pagingLine(alert(), nameOf), `Texting Ben now; Ana at ${clock('2026-11-30T06:48:00.000Z')} if Ben doesn't answer`);
  assert.equal(pagingLine(alert({ step: 2 }), nameOf), 'Contacting Ana now');
  const two = alert({ chain: [{ userIds: ['ben', 'sam'], channels: ['email'], waitMinutes: 10 }, { userIds: ['me'], channels: ['sms'], waitMinutes: 5 }] });
  assert.equal(pagingLine(two, nameOf), `Emailing Ben and Sam now; you at ${clock('2026-11-30T06:28:00.000Z')} if nobody answers`);
  assert.equal(statusLine(alert({ step: 0 }), nameOf), 'Not confirmed yet; contacting the family');
  assert.doesNotMatch(statusLine(alert(), nameOf), /round|step|paging/i);
  const entry = (type: 'delivery' | 'step_started' | 'acknowledged', over: object = {}) =>
    ({ id: '1', escalationId: alert().id, at: startedAt, type, round: 1, step: 2, userId: 'ben', channel: 'sms', detail: {}, ...over }) as const;
  assert.equal(timelineLine(entry('delivery'), nameOf), 'Texted Ben');
  assert.equal(timelineLine(entry('delivery', { channel: 'email', userId: 'me' }), nameOf), 'Emailed you');
  assert.equal(timelineLine(entry('step_started'), nameOf), 'Nobody answered yet; contacting the next people');
  assert.equal(timelineLine(entry('acknowledged', { detail: { via: 'app' } }), nameOf), 'Ben took it on in the app');
});

test('one vocabulary: on it, then given late at the time it was given, and who closed it', { timeout: 5_000 }, () => {
  assert.equal(statusLine(alert({ status: 'acknowledged', answeredBy: 'ben', answeredVia: 'sms' }), nameOf), 'Ben is on it (answered by SMS reply)');
  assert.equal(statusLine(alert({ status: 'acknowledged', answeredBy: 'me', answeredVia: 'app' }), nameOf), 'You are on it (answered in the app)');
  const given = dose({ status: 'late', answeredBy: 'ben', answeredAt: '2026-11-30T06:48:00.000Z' });
  assert.equal(statusLine(alert({ status: 'resolved', resolvedBy: 'ben', answeredBy: 'ben' }), nameOf, given), 'Given late at 06:48 by Ben');
  const emergency = alert({ kind: 'emergency', status: 'resolved', answeredBy: 'ben', resolvedBy: 'ana', resolutionNote: 'Ice on the knee' });
  assert.equal(statusLine(emergency, nameOf), 'Resolved by Ana: Ice on the knee');
});

test('a dose card agrees with its alert: "Ben is on it" once he answered, never "escalating"', { timeout: 5_000 }, () => {
  assert.deepEqual(doseStateWords(dose(), alert(), nameOf), { words: 'Not confirmed yet', calm: false });
  const acknowledged = alert({ status: 'acknowledged', answeredBy: 'ben', answeredVia: 'app' });
  assert.deepEqual(doseStateWords(dose(), acknowledged, nameOf), { words: 'Not given yet · Ben is on it', calm: true });
  assert.deepEqual(doseStateWords(dose(), alert({ status: 'unreached' }), nameOf), { words: 'Not given yet · Nobody answered', calm: false });
  assert.deepEqual(doseStateWords(dose({ status: 'late' }), acknowledged, nameOf), { words: 'Given late', calm: false });
});

test('severity: an open emergency and "nobody answered" are the loud ones; the number to call follows the region', { timeout: 5_000 }, () => {
  assert.equal(alertTone(alert({ kind: 'emergency' })), 'emergency');
  assert.equal(alertTone(alert({ status: 'unreached' })), 'severe');
  assert.equal(alertTone(alert()), 'open');
  assert.equal(alertTone(alert({ status: 'acknowledged' })), 'answered');
  assert.equal(alertTone(alert({ status: 'resolved' })), 'done');
  assert.deepEqual(['fr-FR', 'en-US', 'en-GB', 'de', 'en-AU'].map((l) => emergencyNumber(l)), ['112', '911', '999', '112', '000']);
});

const frClock = (iso: string) => new Intl.DateTimeFormat('fr', { timeStyle: 'short' }).format(new Date(iso));

test('en français : chaque alerte dit de quoi il s’agit, qui est prévenu maintenant et qui ensuite', { timeout: 5_000 }, () => {
  inFrench(() => {
    assert.equal(alertSubject(alert()), 'Metformin 500 mg · dose de 06:00');
    assert.equal(alertSubject(alert({ subject: null, doseKey: null })), 'Dose non confirmée');
    assert.equal(alertSubject(alert({ kind: 'emergency', subject: null })), 'Urgence');
    assert.equal(pagingLine(alert(), nameOf), `Nous envoyons un SMS à Ben ; puis Ana à ${frClock('2026-11-30T06:48:00.000Z')} si Ben ne répond pas`);
    assert.equal(pagingLine(alert({ step: 2 }), nameOf), 'Nous prévenons Ana');
    const two = alert({ chain: [{ userIds: ['ben', 'sam'], channels: ['email'], waitMinutes: 10 }, { userIds: ['me'], channels: ['sms'], waitMinutes: 5 }] });
    assert.equal(pagingLine(two, nameOf), `Nous envoyons un e-mail à Ben et Sam ; puis vous à ${frClock('2026-11-30T06:28:00.000Z')} si personne ne répond`);
    const toMe = alert({ chain: [{ userIds: ['me'], channels: ['sms'], waitMinutes: 30 }, { userIds: ['ana'], channels: ['sms'], waitMinutes: 5 }] });
    assert.equal(pagingLine(toMe, nameOf), `Nous vous envoyons un SMS ; puis Ana à ${frClock('2026-11-30T06:48:00.000Z')} si vous ne répondez pas`);
    assert.equal(statusLine(alert({ step: 0 }), nameOf), 'Pas encore confirmée ; nous prévenons la famille');
    // No English left over, not even the "you" that member names still say.
    assert.doesNotMatch(pagingLine(toMe, nameOf) ?? '', /\byou\b|Texting|now/);
  });
});

test('en français : le même vocabulaire, « Ben s’en occupe » puis « donnée en retard à 06:48 »', { timeout: 5_000 }, () => {
  inFrench(() => {
    assert.equal(statusLine(alert({ status: 'acknowledged', answeredBy: 'ben', answeredVia: 'sms' }), nameOf), 'Ben s’en occupe (réponse par SMS)');
    assert.equal(statusLine(alert({ status: 'acknowledged', answeredBy: 'me', answeredVia: 'app' }), nameOf), 'Vous vous en occupez (réponse dans l’application)');
    const given = dose({ status: 'late', answeredBy: 'ben', answeredAt: '2026-11-30T06:48:00.000Z' });
    assert.equal(statusLine(alert({ status: 'resolved', resolvedBy: 'ben', answeredBy: 'ben' }), nameOf, given), 'Dose donnée en retard à 06:48 par Ben');
    const emergency = alert({ kind: 'emergency', status: 'resolved', answeredBy: 'ben', resolvedBy: 'ana', resolutionNote: 'Ice on the knee' });
    assert.equal(statusLine(emergency, nameOf), 'Réglée par Ana : Ice on the knee');
    assert.equal(statusLine(alert({ status: 'unreached' }), nameOf), 'Personne n’a répondu');
    const acknowledged = alert({ status: 'acknowledged', answeredBy: 'ben', answeredVia: 'app' });
    assert.deepEqual(doseStateWords(dose(), acknowledged, nameOf), { words: 'Pas encore donnée · Ben s’en occupe', calm: true });
    assert.deepEqual(doseStateWords(dose(), alert({ status: 'unreached' }), nameOf), { words: 'Pas encore donnée · Personne n’a répondu', calm: false });
  });
});

test('en français : la chronologie en phrases simples, « vous » à sa place', { timeout: 5_000 }, () => {
  inFrench(() => {
    const entry = (type: 'delivery' | 'step_started' | 'acknowledged' | 'resolved' | 'started', over: object = {}) =>
      ({ id: '1', escalationId: alert().id, at: startedAt, type, round: 1, step: 2, userId: 'ben', channel: 'sms', detail: {}, ...over }) as const;
    assert.equal(timelineLine(entry('delivery'), nameOf), 'SMS envoyé à Ben');
    assert.equal(timelineLine(entry('delivery', { channel: 'email', userId: 'me' }), nameOf), 'Un e-mail vous a été envoyé');
    assert.equal(timelineLine(entry('delivery', { detail: { ok: false } }), nameOf), 'Impossible de joindre Ben par SMS');
    assert.equal(timelineLine(entry('step_started'), nameOf), 'Toujours pas de réponse ; nous prévenons les personnes suivantes');
    assert.equal(timelineLine(entry('acknowledged', { detail: { via: 'app' } }), nameOf), 'Ben a pris le relais dans l’application');
    assert.equal(timelineLine(entry('resolved', { userId: 'me', channel: null, detail: { note: 'Tout va bien' } }), nameOf), 'Vous l’avez réglée : Tout va bien');
    assert.equal(timelineLine(entry('started', { userId: 'ana', channel: null }), nameOf), 'Signalée par Ana');
    // The stand-ins the member names give in English read in French too.
    assert.equal(timelineLine(entry('delivery', { userId: 'gone' }), nameOf), 'SMS envoyé à un ancien membre');
    assert.equal(timelineLine(entry('acknowledged', { userId: null, detail: { via: 'app' } }), nameOf), 'Quelqu’un a pris le relais dans l’application');
  });
});
