import type { MedicationMessageKind } from '../medication/types';
import type { MessageLanguage } from './language';
import { emailFooter, type WrittenMessage } from './messages';
import { medicationSmsTextFr, writeMedicationMessageFr } from './medication-messages-fr';

/** What medication texts are written from: read when sending, so names never enter workflow history. */
export interface MedicationContext {
  medicationName: string;
  dose: string;
  recipientName: string;
}

/** "08:00" from the dose key "2026-03-28T08:00": the wall time where the recipient lives. */
export const doseTime = (doseKey: string) => doseKey.slice(11);

/**
 * "08:00 Grandma's time": family members live in other zones than the person they care for,
 * so a time in a message always says whose clock it is on.
 */
export const recipientTime = (doseKey: string, recipientName: string, lang: MessageLanguage = 'en') =>
  lang === 'fr' ? `${doseTime(doseKey)}, heure de ${recipientName}` : `${doseTime(doseKey)} ${recipientName}'s time`;

/** For push and email, which are encrypted end to end or opened in the app's context: they name the medication. */
export function writeMedicationMessage(kind: MedicationMessageKind, c: MedicationContext, time: string, lang: MessageLanguage = 'en'): WrittenMessage {
  if (lang === 'fr') return writeMedicationMessageFr(kind, c, time);
  const what = `${c.medicationName} (${c.dose}) for ${c.recipientName}`;
  switch (kind) {
    case 'heads_up':
      return { title: `CareCircle: coming up at ${time}`, body: `Coming up at ${time}: ${what}.` };
    case 'due':
      return { title: `CareCircle: due now (${time})`, body: `Due now (${time}): ${what}. Open the app to mark it taken or skipped.` };
    case 'refill':
      return { title: 'CareCircle: time to refill', body: `${what} is running low: time to refill.` };
    case 'stopped':
      return { title: 'CareCircle: reminders stopped', body: `Reminders for ${what} stopped after a technical fault. An admin can restart them from the medication's page.` };
  }
}

/** An SMS crosses carriers in clear: it says that a medication is due, never which one or how much. */
export function medicationSmsText(kind: MedicationMessageKind, c: MedicationContext, time: string, lang: MessageLanguage = 'en'): string {
  if (lang === 'fr') return medicationSmsTextFr(kind, c, time);
  const what = `a medication for ${c.recipientName}`;
  switch (kind) {
    case 'heads_up':
      return `CareCircle: ${what} is coming up at ${time}.`;
    case 'due':
      return `CareCircle: ${what} is due now (${time}). Reply TAKEN once given, or SKIP and the reason.`;
    case 'refill':
      return `CareCircle: ${what} is running low: time to refill.`;
    case 'stopped':
      return `CareCircle: reminders for ${what} stopped after a technical fault. An admin can restart them in the app.`;
  }
}

export function medicationEmailText(
  kind: MedicationMessageKind,
  c: MedicationContext,
  time: string,
  todayUrl: string,
  lang: MessageLanguage = 'en',
): { subject: string; text: string } {
  const m = writeMedicationMessage(kind, c, time, lang);
  const today = lang === 'fr' ? `Les doses du jour : ${todayUrl}` : `Today's doses: ${todayUrl}`;
  return { subject: m.title, text: [m.body, '', today, '', emailFooter(lang)].join('\n') };
}
