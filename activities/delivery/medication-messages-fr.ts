import type { MedicationMessageKind } from '../medication/types';
import type { WrittenMessage } from './messages';
import type { MedicationContext } from './medication-messages';

/* The French of medication-messages.ts: push and email name the medication, an SMS never does. */

export function writeMedicationMessageFr(kind: MedicationMessageKind, c: MedicationContext, time: string): WrittenMessage {
  const what = `${c.medicationName} (${c.dose}) pour ${c.recipientName}`;
  switch (kind) {
    case 'heads_up':
      return { title: `CareCircle : à venir à ${time}`, body: `À venir à ${time} : ${what}.` };
    case 'due':
      return { title: `CareCircle : c’est l’heure (${time})`, body: `C’est l’heure (${time}) : ${what}. Ouvrez l’application pour indiquer s’il a été donné ou non.` };
    case 'refill':
      return { title: 'CareCircle : à renouveler', body: `Le stock de ${what} est presque épuisé : pensez à le renouveler.` };
    case 'stopped':
      return { title: 'CareCircle : rappels arrêtés', body: `Les rappels pour ${what} se sont arrêtés après un problème technique. Un administrateur peut les relancer depuis la page du médicament.` };
  }
}

export function medicationSmsTextFr(kind: MedicationMessageKind, c: MedicationContext, time: string): string {
  const what = `un médicament pour ${c.recipientName}`;
  switch (kind) {
    case 'heads_up':
      return `CareCircle : ${what} est prévu à ${time}.`;
    case 'due':
      return `CareCircle : ${what} est à donner maintenant (${time}). Répondez TAKEN une fois donné, ou SKIP et la raison.`;
    case 'refill':
      return `CareCircle : ${what} est presque épuisé : pensez à le renouveler.`;
    case 'stopped':
      return `CareCircle : les rappels pour ${what} se sont arrêtés après un problème technique. Un administrateur peut les relancer dans l’application.`;
  }
}
