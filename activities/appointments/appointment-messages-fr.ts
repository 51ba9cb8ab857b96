import type { WrittenMessage } from '../delivery/messages';
import type { AppointmentContext } from './appointment-messages';
import type { AppointmentMessageKind } from './types';

/* The French of appointment-messages.ts: push and email name the visit and its place, an SMS says only whose and when. */

export function writeAppointmentMessageFr(kind: AppointmentMessageKind, c: AppointmentContext): WrittenMessage {
  const what = `« ${c.title} » pour ${c.recipientName}`;
  const where = c.location ? ` (lieu : ${c.location})` : '';
  switch (kind) {
    case 'reminder':
      return { title: `CareCircle : ${c.title}, ${c.when}`, body: `À venir : ${what}, ${c.when}${where}.` };
    case 'ride_request':
      return { title: 'CareCircle : pouvez-vous l’accompagner ?', body: `${what}, ${c.when}${where} : il faut quelqu’un pour l’accompagner. Ouvrez l’application pour vous proposer.` };
    case 'leave_by':
      return { title: 'CareCircle : il est temps de partir', body: `Il est temps de partir pour ${what} (${c.when})${where}.` };
    case 'no_ride':
      return { title: 'CareCircle : pas encore d’accompagnateur', body: `Personne ne s’est proposé pour ${what}, ${c.when}. Merci d’organiser l’accompagnement vous-même.` };
    case 'cancelled':
      return { title: 'CareCircle : rendez-vous annulé', body: `${what}, ${c.when}, est annulé : pas besoin d’accompagnement.` };
    case 'moved':
      return { title: 'CareCircle : rendez-vous modifié', body: `${what}, ${c.when}, a été modifié. Vous êtes toujours prévu pour l’accompagner : les détails sont dans l’application.` };
    case 'nudge':
      return { title: 'CareCircle : comment cela s’est-il passé ?', body: `${what} (${c.when}) est-il terminé ? Confirmez votre présence et ajoutez un court résumé pour la famille.` };
  }
}

export function appointmentSmsTextFr(kind: AppointmentMessageKind, c: AppointmentContext): string {
  const what = `rendez-vous de ${c.recipientName}, ${c.when}`;
  switch (kind) {
    case 'reminder':
      return `CareCircle : rappel du ${what}.`;
    case 'ride_request':
      return `CareCircle : il faut quelqu’un pour accompagner au ${what}. Ouvrez l’application pour vous proposer.`;
    case 'leave_by':
      return `CareCircle : il est temps de partir pour le ${what}.`;
    case 'no_ride':
      return `CareCircle : personne ne s’est proposé pour le ${what}. Merci d’organiser l’accompagnement.`;
    case 'cancelled':
      return `CareCircle : le ${what}, est annulé.`;
    case 'moved':
      return `CareCircle : le ${what}, a été modifié ; vous êtes toujours prévu pour l’accompagner. Détails dans l’application.`;
    case 'nudge':
      return `CareCircle : le ${what}, est-il terminé ? Confirmez votre présence dans l’application.`;
  }
}
