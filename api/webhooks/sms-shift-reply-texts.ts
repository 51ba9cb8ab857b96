import type { MessageLanguage } from '../../activities/delivery/language';
import {
  ALREADY_CHECKED_IN,
  HANDOFF_NOTE_REQUIRED,
  NOT_CHECKED_IN,
  NOT_YOUR_SHIFT,
  SHIFT_CLOSED,
  SHIFT_OPENING,
  SHIFT_STARTED,
  SHIFT_TAKEN,
  SWAP_NOT_OPEN,
} from '../../workflows/shift/messages';
import { refusalByType } from './sms-refusal';

/** What we text back to IN / OUT, in the phone owner's language (the reply words stay IN and OUT). */
export const shiftReplyTexts = {
  en: {
    outNeedsNote: 'CareCircle: to check out, send OUT followed by a short note for the next person, e.g. "OUT lunch given, all calm".',
    noneDue: 'CareCircle: no shift of yours is due now from this phone, so nothing was checked in. The app shows your shifts.',
    notCheckedIn: 'CareCircle: you are not checked in on a shift from this phone, so nothing was checked out.',
    several: (n: number, url: string) => `CareCircle: ${n} shifts match; please answer in the app: ${url}`,
    checkedIn: (at: string, hasNote: boolean) =>
      `CareCircle: thanks, you're checked in for the ${at} shift.${hasNote ? ' The last shift left a handoff note: read it in the app.' : ''} When you leave, send OUT and a short note for the next person.`,
    checkedOut: (at: string) => `CareCircle: thanks, you're checked out of the ${at} shift; your note will be shown to the next person.`,
    notOpen: 'CareCircle: this shift is not open yet. Please try again closer to its start.',
    /** The workflow's own refusal, as it wrote it (workflow code is not translated). */
    refused: (type: string, workflowMessage: string) => refusalByType('CareCircle: ', {}, type, workflowMessage),
  },
  fr: {
    outNeedsNote: `CareCircle : pour signaler votre départ, envoyez OUT suivi d'une courte note pour la personne suivante, par exemple "OUT repas donné, tout est calme".`,
    noneDue: "CareCircle : aucune de vos gardes ne commence maintenant pour ce téléphone, rien n'a donc été enregistré. L'application affiche vos gardes.",
    notCheckedIn: "CareCircle : vous n'avez pas signalé votre arrivée sur une garde depuis ce téléphone, aucun départ n'a donc été enregistré.",
    several: (n: number, url: string) => `CareCircle : ${n} gardes correspondent ; merci de répondre dans l'application : ${url}`,
    checkedIn: (at: string, hasNote: boolean) =>
      `CareCircle : merci, votre arrivée pour la garde de ${at} est enregistrée.${hasNote ? " La garde précédente a laissé une note : lisez-la dans l'application." : ''} En partant, envoyez OUT et une courte note pour la personne suivante.`,
    checkedOut: (at: string) => `CareCircle : merci, votre départ de la garde de ${at} est enregistré ; votre note sera montrée à la personne suivante.`,
    notOpen: "CareCircle : cette garde n'est pas encore ouverte. Réessayez plus près de son début.",
    /** The workflow writes its refusals in English; those IN and OUT can meet are said again here by their type. */
    refused: (type: string, workflowMessage: string) =>
      refusalByType(
        'CareCircle : ',
        {
          [ALREADY_CHECKED_IN]: 'votre arrivée sur cette garde est déjà enregistrée.',
          [NOT_CHECKED_IN]: "signalez d'abord votre arrivée avec IN.",
          [NOT_YOUR_SHIFT]: "cette garde n'est pas à vous, rien n'a donc été enregistré. L'application montre qui est de garde.",
          [SHIFT_CLOSED]: 'cette garde est terminée ou annulée.',
          [SHIFT_OPENING]: 'cette garde est en cours d\'ouverture : réessayez dans un instant.',
          [SHIFT_STARTED]: 'cette garde a déjà commencé.',
          [SHIFT_TAKEN]: "cette garde est déjà prise par quelqu'un d'autre.",
          [SWAP_NOT_OPEN]: "aucun échange n'est proposé pour cette garde.",
          [HANDOFF_NOTE_REQUIRED]: "pour signaler votre départ, envoyez OUT suivi d'une courte note pour la personne suivante.",
        },
        type,
        workflowMessage,
      ),
  },
} satisfies Record<MessageLanguage, unknown>;
