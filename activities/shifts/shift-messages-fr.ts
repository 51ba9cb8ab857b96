import type { WrittenMessage } from '../delivery/messages';
import type { ShiftContext } from './shift-messages';
import type { ShiftMessageKind } from './types';

/* The French of shift-messages.ts: push and email may carry the handoff note, an SMS never does. */

export function writeShiftMessageFr(kind: ShiftMessageKind, c: ShiftContext): WrittenMessage {
  const shift = `la garde du ${c.when} auprès de ${c.recipientName}`;
  const Shift = `L${shift.slice(1)}`;
  const who = c.assigneeName ?? 'La personne prévue';
  switch (kind) {
    case 'reminder': {
      const note = c.handoffNote ? ` Note de la garde précédente : « ${c.handoffNote} »` : '';
      return { title: `CareCircle : votre garde, ${c.when}`, body: `À venir : ${shift}.${note}` };
    }
    case 'late_nudge':
      return { title: 'CareCircle : êtes-vous en route ?', body: `${Shift} a commencé et vous n’avez pas signalé votre arrivée. Signalez-la en arrivant.` };
    case 'late_admins':
      return { title: 'CareCircle : personne n’est arrivé', body: `${who} n’est pas là pour ${shift}, 30 minutes après le début, et personne ne l’a reprise. Merci d’intervenir.` };
    case 'all_clear':
      return { title: 'CareCircle : tout va bien', body: `Quelqu’un est arrivé pour ${shift}. Merci, inutile de venir.` };
    case 'offer':
      return { title: 'CareCircle : pouvez-vous prendre une garde ?', body: `Personne n’assure ${shift}. La première personne qui accepte dans l’application la prend.` };
    case 'uncovered_admins':
      return { title: 'CareCircle : garde non assurée', body: `Personne n’a pris ${shift}. Merci d’organiser un remplacement vous-même.` };
    case 'checkout_nudge':
      return { title: 'CareCircle : signaler votre départ ?', body: `${Shift} est terminée. Signalez votre départ et laissez une note pour la personne suivante.` };
    case 'auto_closed':
      return { title: 'CareCircle : garde clôturée sans départ signalé', body: `${who} n’a pas signalé son départ de ${shift} ; elle a été clôturée en fin de journée. Merci de corriger les horaires.` };
    case 'swap_request':
      return { title: 'CareCircle : échange demandé', body: `${who} cherche quelqu’un pour prendre ${shift}. Vous pouvez la prendre dans l’application.` };
    case 'swap_taken':
      return { title: 'CareCircle : votre garde a été reprise', body: `${c.assigneeName ?? 'Quelqu’un'} a pris ${shift}. Elle n’est plus à vous.` };
    case 'swap_untaken':
      return { title: 'CareCircle : personne n’a repris votre garde', body: `Personne n’a pris ${shift} : elle reste à vous.` };
    case 'cancelled':
      return { title: 'CareCircle : garde annulée', body: `${Shift} est annulée.` };
    case 'assigned':
      return { title: 'CareCircle : la garde est à vous', body: `${Shift} est à vous. Merci.` };
  }
}

export function shiftSmsTextFr(kind: ShiftMessageKind, c: ShiftContext): string {
  const m = writeShiftMessageFr(kind, { ...c, handoffNote: null });
  const note = kind === 'reminder' && c.handoffNote ? ' La garde précédente a laissé une note : lisez-la dans l’application.' : '';
  const reply =
    kind === 'late_nudge' || kind === 'reminder' ? ' Répondez IN en arrivant.' : kind === 'checkout_nudge' ? ' Répondez OUT <votre note> pour signaler votre départ.' : '';
  return `CareCircle : ${m.body}${note}${reply}`;
}
