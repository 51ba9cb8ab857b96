import { intlTag, type MessageLanguage } from '../delivery/language';
import { emailFooter, type WrittenMessage } from '../delivery/messages';
import { appointmentSmsTextFr, writeAppointmentMessageFr } from './appointment-messages-fr';
import type { AppointmentMessageKind } from './types';

/** What appointment texts are written from: read when sending, so titles and places never enter workflow history. */
export interface AppointmentContext {
  title: string;
  location: string;
  recipientName: string;
  /** "Tue 8 Dec, 09:30": the visit's start as a wall clock in the appointment's zone. */
  when: string;
}

/**
 * "Tue 8 Dec, 09:30" (French "mar. 8 déc. à 09:30") from a wall clock "2026-12-08T09:30":
 * its weekday computed, not looked up in a zone; the time is the wall clock's own 24-hour one.
 */
export function formatWhen(local: string, lang: MessageLanguage = 'en'): string {
  const [date, time] = local.split('T') as [string, string];
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.toLocaleDateString(intlTag(lang), { weekday: 'short', timeZone: 'UTC' });
  const day = d.toLocaleDateString(intlTag(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return lang === 'fr' ? `${weekday} ${day} à ${time}` : `${weekday} ${day}, ${time}`;
}

/**
 * For push and email, which are encrypted end to end or opened by a verified member of the
 * family: they name the appointment and its place (the notes never leave the app).
 */
export function writeAppointmentMessage(kind: AppointmentMessageKind, c: AppointmentContext, lang: MessageLanguage = 'en'): WrittenMessage {
  if (lang === 'fr') return writeAppointmentMessageFr(kind, c);
  const what = `${c.recipientName}'s ${c.title}`;
  const where = c.location ? ` at ${c.location}` : '';
  switch (kind) {
    case 'reminder':
      return { title: `CareCircle: ${c.title}, ${c.when}`, body: `Coming up: ${what}, ${c.when}${where}.` };
    case 'ride_request':
      return { title: 'CareCircle: can you take them?', body: `${what} on ${c.when}${where} needs someone to go along. Open the app to offer a ride.` };
    case 'leave_by':
      return { title: 'CareCircle: time to leave', body: `Time to leave for ${what} (${c.when})${where}.` };
    case 'no_ride':
      return { title: 'CareCircle: no ride yet', body: `Nobody has offered a ride to ${what} on ${c.when}. Please arrange one yourself.` };
    case 'cancelled':
      return { title: 'CareCircle: appointment cancelled', body: `${what} on ${c.when} is cancelled: no ride needed.` };
    case 'moved':
      return { title: 'CareCircle: appointment changed', body: `${what} on ${c.when} was changed. You are still down to go along: open the app for the details.` };
    case 'nudge':
      return { title: 'CareCircle: how did it go?', body: `Is ${what} (${c.when}) done? Check in and add a short summary for the family.` };
  }
}

/** An SMS crosses carriers in clear: it says that there is an appointment and when, never what or where. */
export function appointmentSmsText(kind: AppointmentMessageKind, c: AppointmentContext, lang: MessageLanguage = 'en'): string {
  if (lang === 'fr') return appointmentSmsTextFr(kind, c);
  const what = `${c.recipientName}'s appointment on ${c.when}`;
  switch (kind) {
    case 'reminder':
      return `CareCircle: reminder of ${what}.`;
    case 'ride_request':
      return `CareCircle: ${what} needs someone to go along. Open the app to offer a ride.`;
    case 'leave_by':
      return `CareCircle: time to leave for ${what}.`;
    case 'no_ride':
      return `CareCircle: nobody has offered a ride to ${what}. Please arrange one.`;
    case 'cancelled':
      return `CareCircle: ${what} is cancelled.`;
    case 'moved':
      return `CareCircle: ${what} was changed; you are still down to go along. Details in the app.`;
    case 'nudge':
      return `CareCircle: is ${what} done? Check in in the app.`;
  }
}

export function appointmentEmailText(kind: AppointmentMessageKind, c: AppointmentContext, link: string, lang: MessageLanguage = 'en'): { subject: string; text: string } {
  const m = writeAppointmentMessage(kind, c, lang);
  const where = lang === 'fr' ? `Le rendez-vous : ${link}` : `The appointment: ${link}`;
  return { subject: m.title, text: [m.body, '', where, '', emailFooter(lang)].join('\n') };
}
