import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EscalationKind } from '../../api/contracts/escalations';
import { verificationTexts } from '../../api/profile/verification-texts';
import { smsReplyTexts } from '../../api/webhooks/sms-reply-texts';
import { shiftReplyTexts } from '../../api/webhooks/sms-shift-reply-texts';
import { appointmentSmsText, formatWhen } from '../appointments/appointment-messages';
import type { AppointmentMessageKind } from '../appointments/types';
import type { MessageTemplate } from '../escalation/types';
import type { MedicationMessageKind } from '../medication/types';
import { shiftSmsText } from '../shifts/shift-messages';
import type { ShiftMessageKind } from '../shifts/types';
import { DOSE_ALREADY_ANSWERED, DOSE_NOT_DUE_YET, REASON_REQUIRED, WRONG_DOSE } from '../../workflows/medication/messages';
import { DOSE_RECORDED_MISSED } from '../../api/medications/missed-dose-refusal';
import * as shift from '../../workflows/shift/messages';
import { nonGsm7, smsTypography } from './gsm7';
import type { MessageLanguage } from './language';
import { medicationSmsText, recipientTime } from './medication-messages';
import { smsText, writeMessage, type EscalationContext } from './messages';

/*
 * Every SMS we write, in both languages and for every kind, stays inside the GSM-7 alphabet:
 * one ’ or « would send the whole text as UCS-2, in 70-character parts instead of 160.
 * The Record types make a new kind a compile error here until it has a sample.
 */

const MEDICATION: Record<MedicationMessageKind, true> = { heads_up: true, due: true, refill: true, stopped: true };
const APPOINTMENT: Record<AppointmentMessageKind, true> = { reminder: true, ride_request: true, leave_by: true, no_ride: true, cancelled: true, moved: true, nudge: true };
const SHIFT: Record<ShiftMessageKind, true> = {
  reminder: true, late_nudge: true, late_admins: true, all_clear: true, offer: true, uncovered_admins: true, checkout_nudge: true,
  auto_closed: true, swap_request: true, swap_taken: true, swap_untaken: true, cancelled: true, assigned: true,
};
const TEMPLATES: Record<MessageTemplate, true> = { escalation: true, emergency: true, unreached: true };
const keys = <K extends string>(r: Record<K, true>) => Object.keys(r) as K[];

function everySms(lang: MessageLanguage): string[] {
  const texts: string[] = [];
  const med = { medicationName: 'Metformine', dose: '500 mg', recipientName: 'Mamie Rosa' };
  for (const kind of keys(MEDICATION)) texts.push(medicationSmsText(kind, med, recipientTime('2026-12-08T08:00', 'Mamie Rosa', lang), lang));
  // August: Intl writes "août", whose û is not GSM-7.
  for (const day of ['2026-12-08T09:30', '2026-08-08T09:30']) {
    const visit = { title: 'Cardiologue', location: '12 rue des Lilas', recipientName: 'Mamie Rosa', when: formatWhen(day, lang) };
    for (const kind of keys(APPOINTMENT)) texts.push(appointmentSmsText(kind, visit, lang));
  }
  for (const assigneeName of ['Ana', null]) {
    for (const handoffNote of ['Elle a mal dormi', null]) {
      const shift = { recipientName: 'Mamie Rosa', assigneeName, when: formatWhen('2026-12-08T09:00', lang), time: '09:00', handoffNote };
      for (const kind of keys(SHIFT)) texts.push(shiftSmsText(kind, shift, lang));
    }
  }
  for (const kind of EscalationKind.options) {
    for (const shift of [null, { assigneeName: 'Ana', time: '09:00' }, { assigneeName: null, time: '09:00' }]) {
      const page: EscalationContext = { escalationId: 'e1', familyId: 'f1', kind, ackCode: '4821', note: 'Elle est tombée', recipientName: 'Mamie Rosa', startedByName: 'Ben', shift };
      for (const template of keys(TEMPLATES)) texts.push(smsText(template, page, lang), smsText(template, { ...page, recipientName: null, startedByName: null }, lang));
    }
  }
  texts.push(verificationTexts[lang].smsCode('123456'));
  const replies = smsReplyTexts[lang];
  texts.push(replies.unknown, replies.noAlert('4821'), replies.claimed, replies.acknowledged, replies.skipNeedsReason, replies.noDose);
  texts.push(replies.severalDoses(2, 'https://care.example.test/t'), replies.skipped('08:00'), replies.taken('08:00'));
  for (const type of [DOSE_ALREADY_ANSWERED, DOSE_RECORDED_MISSED, DOSE_NOT_DUE_YET, WRONG_DOSE, REASON_REQUIRED]) texts.push(replies.refused(type, '08:00', 'Refused.'));
  const shiftReplies = shiftReplyTexts[lang];
  texts.push(shiftReplies.outNeedsNote, shiftReplies.noneDue, shiftReplies.notCheckedIn, shiftReplies.several(2, 'https://care.example.test/s'));
  texts.push(shiftReplies.checkedIn('09:00', true), shiftReplies.checkedIn('09:00', false), shiftReplies.checkedOut('09:00'), shiftReplies.notOpen);
  for (const type of [shift.ALREADY_CHECKED_IN, shift.NOT_CHECKED_IN, shift.NOT_YOUR_SHIFT, shift.SHIFT_CLOSED, shift.SHIFT_OPENING, shift.SHIFT_STARTED, shift.SHIFT_TAKEN, shift.SWAP_NOT_OPEN, shift.HANDOFF_NOTE_REQUIRED, 'Unknown']) texts.push(shiftReplies.refused(type, 'Refused.'));
  return texts;
}

describe('SMS texts fit the GSM-7 alphabet', { timeout: 10_000 }, () => {
  for (const lang of ['fr', 'en'] as const) {
    test(`every ${lang} SMS, every kind`, () => {
      const texts = everySms(lang);
      assert.ok(texts.length > 100, `${texts.length} texts`);
      const outside = texts.filter((t) => nonGsm7(t).length > 0).map((t) => `${nonGsm7(t).join('')} in: ${t}`);
      assert.deepEqual(outside, []);
    });
  }

  test('the checker knows GSM-7: é è à ù É Ç are in, ’ « » · ê ç and no-break spaces are out', () => {
    assert.deepEqual(nonGsm7('Répondez à Élise, où ? Ça va. 10 € [x]'), []);
    assert.deepEqual(nonGsm7('l’alerte « x » arrivé·e êtes ça\u00A0:\u202F?'), ['’', '«', '»', '·', 'ê', 'ç', '\u00A0', '\u202F']);
  });

  test('push keeps its typography; the same words in an SMS get straight quotes', () => {
    const page: EscalationContext = { escalationId: 'e1', familyId: 'f1', kind: 'medication', ackCode: '4821', note: null, recipientName: 'Mamie Rosa', startedByName: null, shift: null };
    assert.match(writeMessage('unreached', page, true, 'fr').body, /l'alerte « Le médicament/);
    assert.match(smsText('unreached', page, 'fr'), /l'alerte "Le médicament de Mamie Rosa n'a pas été confirmé"/);
    assert.equal(smsTypography('l’alerte «\u00A0x\u00A0» ici\u202F?'), 'l\'alerte "x" ici ?');
    assert.equal(smsTypography('le sam. 8 août à 09:30'), 'le sam. 8 aout à 09:30');
  });
});
