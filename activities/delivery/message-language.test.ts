import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calendarFeed, type CalendarAppointment } from '../appointments/icalendar';
import { appointmentEmailText, appointmentSmsText, formatWhen, writeAppointmentMessage } from '../appointments/appointment-messages';
import type { AppointmentMessageKind } from '../appointments/types';
import type { MedicationMessageKind } from '../medication/types';
import { shiftEmailText, shiftSmsText, writeShiftMessage } from '../shifts/shift-messages';
import type { ShiftMessageKind } from '../shifts/types';
import { feedWords } from '../../api/calendar/feed-words';
import { expiryWords } from '../../api/invitations/expiry-words';
import { invitationTexts } from '../../api/invitations/invitation-texts';
import { verificationTexts } from '../../api/profile/verification-texts';
import { smsReplyTexts } from '../../api/webhooks/sms-reply-texts';
import { shiftReplyTexts } from '../../api/webhooks/sms-shift-reply-texts';
import { DOSE_ALREADY_ANSWERED } from '../../workflows/medication/messages';
import { messageLanguage } from './language';
import { medicationEmailText, medicationSmsText, recipientTime, writeMedicationMessage } from './medication-messages';
import { emailText, smsText, writeMessage, type EscalationContext } from './messages';

/*
 * Every message a member receives, in French for a member who chose French: the same facts,
 * the same discretion in an SMS, 24-hour times. A language we do not write reads English.
 */

const ENGLISH_WORDS = /\b(the|your|is|for|has|Reply TAKEN once|Open the app|coming up|Due now|Nobody)\b/;

describe('messages in French', { timeout: 10_000 }, () => {
  const med = { medicationName: 'Metformine', dose: '500 mg', recipientName: 'Mamie Rosa' };
  const medKinds: MedicationMessageKind[] = ['heads_up', 'due', 'refill', 'stopped'];

  test('medication reminders: the time is hers, 24-hour; push and email name the medicine, the SMS never does', () => {
    const time = recipientTime('2026-03-29T20:00', 'Mamie Rosa', 'fr');
    assert.equal(time, '20:00, heure de Mamie Rosa');
    assert.deepEqual(writeMedicationMessage('due', med, time, 'fr'), {
      title: 'CareCircle : c’est l’heure (20:00, heure de Mamie Rosa)',
      body: 'C’est l’heure (20:00, heure de Mamie Rosa) : Metformine (500 mg) pour Mamie Rosa. Ouvrez l’application pour indiquer s’il a été donné ou non.',
    });
    for (const kind of medKinds) {
      const push = writeMedicationMessage(kind, med, time, 'fr');
      assert.ok(push.body.includes('Metformine (500 mg)'), push.body);
      assert.doesNotMatch(`${push.title} ${push.body}`, ENGLISH_WORDS);
      const sms = medicationSmsText(kind, med, time, 'fr');
      assert.match(sms, /^CareCircle : .*un médicament pour Mamie Rosa/);
      assert.ok(!sms.includes('Metformine') && !sms.includes('500 mg'), sms);
    }
    assert.equal(
      medicationSmsText('due', med, '08:00', 'fr'),
      'CareCircle : un médicament pour Mamie Rosa est à donner maintenant (08:00). Répondez TAKEN une fois donné, ou SKIP et la raison.',
    );
    const mail = medicationEmailText('refill', med, time, 'https://care.example.test/families/f1/today', 'fr');
    assert.equal(mail.subject, 'CareCircle : à renouveler');
    assert.deepEqual(mail.text.split('\n').slice(1, 4), ['', 'Les doses du jour : https://care.example.test/families/f1/today', '']);
    assert.match(mail.text, /Vous recevez ce message parce que vous faites partie d’une famille CareCircle/);
  });

  const page: EscalationContext = {
    escalationId: 'e1',
    familyId: 'f1',
    kind: 'medication',
    ackCode: '4821',
    note: 'Elle est tombée dans la cuisine',
    recipientName: 'Mamie Rosa',
    startedByName: 'Ben',
    shift: null,
  };

  test('escalation pages: each template in French; the SMS keeps the reply code and never the emergency note', () => {
    assert.deepEqual(writeMessage('escalation', page, true, 'fr'), {
      title: 'CareCircle : Le médicament de Mamie Rosa n\'a pas été confirmé',
      body: 'Le médicament de Mamie Rosa n\'a pas été confirmé. Pouvez-vous vous en occuper ?',
    });
    const emergency = { ...page, kind: 'emergency' as const };
    assert.equal(writeMessage('emergency', emergency, true, 'fr').body, 'Urgence pour Mamie Rosa, signalée par Ben. « Elle est tombée dans la cuisine » Merci de répondre maintenant.');
    const sms = smsText('emergency', emergency, 'fr');
    assert.equal(sms, 'CareCircle URGENCE : Urgence pour Mamie Rosa, signalée par Ben. Merci de répondre maintenant. Répondez 4821 pour confirmer, ou 4821 CLAIM si vous vous en occupez.');
    assert.equal(
      smsText('unreached', page, 'fr'),
      'CareCircle : Personne n\'a répondu à l\'alerte « Le médicament de Mamie Rosa n\'a pas été confirmé ». Merci de prendre vous-même des nouvelles de Mamie Rosa.',
    );
    const late = { ...page, kind: 'shift' as const, shift: { assigneeName: 'Ana', time: '09:00' } };
    assert.equal(writeMessage('escalation', late, true, 'fr').title, 'CareCircle : Ana n\'est pas arrivé·e pour la garde de 09:00 auprès de Mamie Rosa');
    for (const kind of ['appointment', 'shift', 'test'] as const) {
      assert.doesNotMatch(writeMessage('escalation', { ...page, kind }, true, 'fr').body, ENGLISH_WORDS);
    }
    const mail = emailText('escalation', page, 'https://care.example.test/answer?token=t', 'fr');
    assert.ok(mail.text.includes('Répondre ici (le lien fonctionne une fois, pendant 24 heures) : https://care.example.test/answer?token=t'), mail.text);
  });

  const visit = { title: 'Cardiologue', location: '12 rue des Lilas', recipientName: 'Mamie Rosa', when: formatWhen('2026-12-08T09:30', 'fr') };
  const visitKinds: AppointmentMessageKind[] = ['reminder', 'ride_request', 'leave_by', 'no_ride', 'cancelled', 'moved', 'nudge'];

  test('appointments: the day in French and the time on a 24-hour clock; the SMS names neither the visit nor the place', () => {
    assert.equal(visit.when, 'mar. 8 déc. à 09:30');
    assert.equal(formatWhen('2026-12-08T21:05', 'fr'), 'mar. 8 déc. à 21:05');
    assert.equal(formatWhen('2026-12-08T09:30'), 'Tue 8 Dec, 09:30', 'English unchanged');
    assert.deepEqual(writeAppointmentMessage('reminder', visit, 'fr'), {
      title: 'CareCircle : Cardiologue, mar. 8 déc. à 09:30',
      body: 'À venir : « Cardiologue » pour Mamie Rosa, mar. 8 déc. à 09:30 (lieu : 12 rue des Lilas).',
    });
    for (const kind of visitKinds) {
      const push = writeAppointmentMessage(kind, visit, 'fr');
      assert.doesNotMatch(`${push.title} ${push.body}`, ENGLISH_WORDS);
      const sms = appointmentSmsText(kind, visit, 'fr');
      assert.match(sms, /^CareCircle : .*rendez-vous de Mamie Rosa, mar\. 8 déc\. à 09:30/);
      assert.ok(!sms.includes('Cardiologue') && !sms.includes('Lilas'), sms);
    }
    assert.match(appointmentEmailText('moved', visit, 'https://x.test/a', 'fr').text, /\n\nLe rendez-vous : https:\/\/x\.test\/a\n\n/);
  });

  const shift = { recipientName: 'Mamie Rosa', assigneeName: 'Ana', when: formatWhen('2026-12-08T09:00', 'fr'), time: '09:00', handoffNote: 'Elle a mal dormi' };
  const shiftKinds: ShiftMessageKind[] = [
    'reminder', 'late_nudge', 'late_admins', 'all_clear', 'offer', 'uncovered_admins', 'checkout_nudge', 'auto_closed', 'swap_request', 'swap_taken', 'swap_untaken', 'cancelled', 'assigned',
  ];

  test('shifts: each kind in French; the handoff note in push and email only; IN / OUT replies kept', () => {
    assert.deepEqual(writeShiftMessage('reminder', shift, 'fr'), {
      title: 'CareCircle : votre garde, mar. 8 déc. à 09:00',
      body: 'À venir : la garde du mar. 8 déc. à 09:00 auprès de Mamie Rosa. Note de la garde précédente : « Elle a mal dormi »',
    });
    assert.equal(
      shiftSmsText('reminder', shift, 'fr'),
      'CareCircle : À venir : la garde du mar. 8 déc. à 09:00 auprès de Mamie Rosa. La garde précédente a laissé une note : lisez-la dans l’application. Répondez IN en arrivant.',
    );
    assert.equal(writeShiftMessage('cancelled', shift, 'fr').body, 'La garde du mar. 8 déc. à 09:00 auprès de Mamie Rosa est annulée.');
    for (const kind of shiftKinds) {
      const push = writeShiftMessage(kind, shift, 'fr');
      assert.doesNotMatch(`${push.title} ${push.body}`, ENGLISH_WORDS, kind);
      assert.ok(!shiftSmsText(kind, shift, 'fr').includes('mal dormi'), kind);
    }
    assert.match(shiftSmsText('checkout_nudge', shift, 'fr'), /Répondez OUT <votre note> pour signaler votre départ\.$/);
    assert.match(shiftEmailText('offer', shift, 'https://x.test/s', 'fr').text, /\n\nLa garde : https:\/\/x\.test\/s\n\nVous recevez ce message/);
  });

  test('verification codes and links, and invitations, in French with the expiry on a 24-hour clock', () => {
    assert.equal(verificationTexts.fr.smsCode('123456'), 'Code CareCircle : 123456. Il expire dans 10 minutes. Si vous ne l’avez pas demandé, ignorez ce message.');
    assert.equal(verificationTexts.fr.emailSubject, 'Confirmez votre adresse e-mail pour CareCircle');
    const expires = expiryWords(new Date('2026-12-07T20:10:00Z'), 'Europe/Paris', 'fr');
    assert.equal(expires, 'lundi 7 décembre 2026 à 21:10 (heure de Paris)');
    assert.equal(expiryWords(new Date('2026-12-07T20:10:00Z'), 'Europe/Paris'), 'Monday 7 December 2026 at 21:10 Paris time', 'English unchanged');
    assert.equal(
      invitationTexts.fr.body('Famille Martin', 'caregiver', expires),
      'Vous êtes invité à aider à prendre soin d’un proche dans « Famille Martin », en tant qu’aidant. Le lien fonctionne une fois et expire le lundi 7 décembre 2026 à 21:10 (heure de Paris).',
    );
  });
});

describe('a language we do not write', { timeout: 10_000 }, () => {
  test('null, a stray value or an unknown tag read as English, message for message', () => {
    for (const stored of [null, undefined, 'de', 'FR', '', 42]) assert.equal(messageLanguage(stored), 'en');
    assert.equal(messageLanguage('fr'), 'fr');
    const c = { medicationName: 'Metformin', dose: '500 mg', recipientName: 'Grandma' };
    const lang = messageLanguage('de');
    assert.equal(medicationSmsText('due', c, '08:00', lang), 'CareCircle: a medication for Grandma is due now (08:00). Reply TAKEN once given, or SKIP and the reason.');
    assert.equal(recipientTime('2026-03-29T08:00', 'Grandma', lang), "08:00 Grandma's time");
    assert.equal(writeShiftMessage('assigned', { recipientName: 'Grandma', assigneeName: null, when: formatWhen('2026-12-08T09:00', lang), time: '09:00', handoffNote: null }, lang).body, 'You have the Tue 8 Dec, 09:00 shift with Grandma. Thank you.');
    const started = { recipientName: 'Grandma', assigneeName: 'Ana', when: 'Tue 8 Dec, 09:00', time: '09:00', handoffNote: null };
    // "Your the … shift" was once written for these two.
    assert.equal(writeShiftMessage('late_nudge', started, lang).body, 'Your Tue 8 Dec, 09:00 shift with Grandma has started and you have not checked in. Check in when you arrive.');
    assert.equal(writeShiftMessage('checkout_nudge', started, lang).body, 'Your Tue 8 Dec, 09:00 shift with Grandma has ended. Check out and leave a handoff note for the next person.');
    assert.equal(appointmentSmsText('cancelled', { title: 'x', location: '', recipientName: 'Grandma', when: 'Tue 8 Dec, 09:30' }, lang), "CareCircle: Grandma's appointment on Tue 8 Dec, 09:30 is cancelled.");
  });
});

describe('a French member’s calendar', { timeout: 10_000 }, () => {
  test('the feed’s own words around the names are French: who drives, the shift, its tasks', () => {
    const visit: CalendarAppointment = {
      seriesId: 'a1',
      title: 'Mamie Rosa: Cardiologue',
      location: '',
      notes: '',
      timing: { start: '2026-12-08T09:30', timeZone: 'Europe/Paris', durationMinutes: 60, recurrence: null, overrides: [] },
      sequence: 1,
      updatedAt: '2026-11-29T08:00:00.000Z',
      drivers: { '2026-12-08T09:30': `Ben ${feedWords.fr.legs.outbound}, Ada ${feedWords.fr.legs.return}` },
      drivingLabel: feedWords.fr.driving,
    };
    const text = calendarFeed([visit], { now: '2026-11-30T12:00:00Z', name: 'CareCircle' });
    assert.ok(text.includes('DESCRIPTION:Accompagnement: Ben aller\\, Ada retour'), text);
    assert.deepEqual([feedWords.fr.shift, feedWords.fr.tasks], ['garde', 'Tâches']);
  });
});

describe('answers to SMS replies', { timeout: 10_000 }, () => {
  test('in French, including the workflow’s refusals said again by their type; English keeps the workflow’s words', () => {
    assert.equal(smsReplyTexts.fr.taken('08:00'), 'CareCircle : merci, la dose de 08:00 est marquée comme donnée.');
    assert.equal(smsReplyTexts.fr.refused(DOSE_ALREADY_ANSWERED, '08:00', 'Dose 2026-03-28T08:00 has already been answered.'), 'CareCircle : la dose de 08:00 a déjà reçu une réponse.');
    assert.equal(smsReplyTexts.fr.refused('SomethingNew', '08:00', 'Whatever it said.'), 'CareCircle : Whatever it said.');
    assert.equal(smsReplyTexts.en.refused(DOSE_ALREADY_ANSWERED, '08:00', 'Dose 2026-03-28T08:00 has already been answered.'), 'CareCircle: Dose 2026-03-28T08:00 has already been answered.');
  });
});

describe('answers to IN / OUT shift replies', { timeout: 10_000 }, () => {
  test('in French for a French member; the English wording is the one the webhook always sent', () => {
    assert.equal(shiftReplyTexts.fr.checkedOut('09:00'), 'CareCircle : merci, votre départ de la garde de 09:00 est enregistré ; votre note sera montrée à la personne suivante.');
    assert.match(shiftReplyTexts.fr.checkedIn('09:00', true), /La garde précédente a laissé une note : lisez-la dans l’application\. En partant, envoyez OUT/);
    assert.equal(shiftReplyTexts.en.checkedOut('09:00'), "CareCircle: thanks, you're checked out of the 09:00 shift; your note will be shown to the next person.");
  });
});
