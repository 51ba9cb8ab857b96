import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEntry, FamilyTimelineItem } from './api/contracts';
import { locale } from './i18n';
import { auditLine, itemLine } from './timelineText';

const names: Record<string, string> = { ben: 'Ben', ada: 'you' };
const nameOf = (id: string | null) => (id ? (names[id] ?? 'a former member') : 'someone');
const base = { id: 'x', at: '2026-11-30T09:00:00.000Z', recipientId: null };

test('feed lines say who did what and how', { timeout: 5_000 }, () => {
  const dose = { ...base, kind: 'dose', userId: 'ben', scheduleId: 's', medicationName: 'Paracetamol', doseKey: '2026-11-30T08:00', dueAt: base.at, outcome: 'taken', via: 'sms' } as FamilyTimelineItem;
  assert.equal(itemLine(dose, nameOf), 'Ben gave Paracetamol (08:00 dose) by SMS reply');
  assert.equal(itemLine({ ...dose, outcome: 'missed', userId: null } as FamilyTimelineItem, nameOf), 'Paracetamol (08:00 dose) was missed');
  const ack = { ...base, kind: 'emergency', userId: 'ada', escalationId: 'e', event: 'acknowledged', channel: null, via: 'email', round: null, step: null } as FamilyTimelineItem;
  assert.equal(itemLine(ack, nameOf), 'Emergency: You took it on from an email link');
  const role = { ...base, kind: 'membership', userId: 'ben', event: 'role_changed', role: 'caregiver', actorId: 'ada' } as FamilyTimelineItem;
  assert.equal(itemLine(role, nameOf), 'Ben became caregiver (changed by you)');
});

test('audit lines name the person, the kind of record and the door, and say when it was refused', { timeout: 5_000 }, () => {
  const entry: AuditEntry = { id: '1', at: base.at, userId: 'ben', action: 'read', resourceType: 'medication', resourceId: 'm', outcome: 'allowed', via: 'api', operation: 'getMedication', ip: null, userAgent: null };
  assert.equal(auditLine(entry, nameOf), 'Ben read a medication in the app');
  assert.equal(auditLine({ ...entry, resourceId: null }, nameOf), 'Ben read the medication list in the app');
  assert.equal(auditLine({ ...entry, action: 'update', outcome: 'denied' }, nameOf), 'Ben tried to change a medication in the app');
  assert.equal(auditLine({ ...entry, action: 'answer', resourceType: 'dose', via: 'sms' }, nameOf), 'Ben answered a dose by SMS');
});

test('in French, feed and audit lines are whole French sentences in French word order', { timeout: 5_000 }, () => {
  const frenchNames: Record<string, string> = { ben: 'Ben', ada: 'Ada' };
  const nameOfFr = (id: string | null) => (id ? (frenchNames[id] ?? 'un ancien membre') : 'quelqu’un');
  locale.value = 'fr';
  try {
    const dose = { ...base, kind: 'dose', userId: 'ben', scheduleId: 's', medicationName: 'Paracétamol', doseKey: '2026-11-30T08:00', dueAt: base.at, outcome: 'late', via: null } as FamilyTimelineItem;
    assert.equal(itemLine(dose, nameOfFr), 'Ben a donné la dose de 08:00 de Paracétamol en retard');
    assert.equal(itemLine({ ...dose, outcome: 'missed', userId: null } as FamilyTimelineItem, nameOfFr), 'La dose de 08:00 de Paracétamol n’a pas été donnée');
    const role = { ...base, kind: 'membership', userId: 'ben', event: 'role_changed', role: 'caregiver', actorId: 'ada' } as FamilyTimelineItem;
    assert.equal(itemLine(role, nameOfFr), 'Nouveau rôle pour Ben : aidant (modifié par Ada)');
    assert.equal(itemLine({ ...role, event: 'removed' } as FamilyTimelineItem, nameOfFr), 'Ada a retiré Ben de la famille');
    // useMemberNames says "you" (in English) for the reader: French conjugates for "vous".
    assert.equal(itemLine({ ...role, event: 'joined', userId: 'ada' } as FamilyTimelineItem, nameOf), 'Vous avez rejoint la famille (rôle : aidant)');
    assert.equal(itemLine({ ...role, event: 'removed', userId: 'ada', actorId: 'ben' } as FamilyTimelineItem, nameOf), 'Ben vous a retiré de la famille');
    assert.equal(itemLine({ ...dose, outcome: 'skipped', userId: 'ada' } as FamilyTimelineItem, nameOf), 'Vous n’avez pas donné la dose de 08:00 de Paracétamol');
    const ack = { ...base, kind: 'emergency', userId: 'ada', escalationId: 'e', event: 'acknowledged', channel: null, via: 'email', round: null, step: null } as FamilyTimelineItem;
    assert.match(itemLine(ack, nameOfFr), /^Urgence : /);

    const entry: AuditEntry = { id: '1', at: base.at, userId: 'ben', action: 'read', resourceType: 'medication', resourceId: 'm', outcome: 'allowed', via: 'api', operation: 'getMedication', ip: null, userAgent: null };
    assert.equal(auditLine(entry, nameOfFr), 'Ben a consulté un médicament dans l’application');
    assert.equal(auditLine({ ...entry, resourceId: null }, nameOfFr), 'Ben a consulté la liste des médicaments dans l’application');
    assert.equal(auditLine({ ...entry, action: 'update', outcome: 'denied' }, nameOfFr), 'Ben a tenté de modifier un médicament dans l’application');
    assert.equal(auditLine({ ...entry, action: 'answer', resourceType: 'dose', via: 'sms' }, nameOfFr), 'Ben a répondu à une dose par SMS');
    assert.equal(auditLine({ ...entry, userId: 'ada', resourceType: 'timeline', resourceId: null }, nameOf), 'Vous avez consulté l’historique dans l’application');
    assert.equal(auditLine({ ...entry, userId: null, outcome: 'denied' }, nameOf), 'Quelqu’un a tenté de consulter un médicament dans l’application');

  } finally {
    locale.value = 'en';
  }
});
