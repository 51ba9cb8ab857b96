import type { EscalationKind } from '../../api/contracts/escalations';
import type { MessageTemplate } from '../escalation/types';
import type { EscalationContext, WrittenMessage } from './messages';

/*
 * The French of messages.ts, sentence for sentence: same facts, same discretion (the SMS
 * never carries the emergency note), calm "vous". Reply words stay those the SMS webhook reads.
 */

const QUOI: Record<EscalationKind, (who: string) => string> = {
  medication: (who) => `Le médicament de ${who} n'a pas été confirmé`,
  appointment: (who) => `Le rendez-vous de ${who} a besoin de quelqu'un`,
  shift: (who) => `La garde auprès de ${who} n'est pas couverte`,
  emergency: (who) => `Urgence pour ${who}`,
  test: (who) => `Alerte de test pour ${who}`,
};

export function writeMessageFr(template: MessageTemplate, c: EscalationContext, withNote: boolean): WrittenMessage {
  const who = c.recipientName ?? 'votre famille';
  switch (template) {
    case 'escalation':
      if (c.shift) {
        const late = c.shift.assigneeName
          ? `${c.shift.assigneeName} n'est pas arrivé·e pour la garde de ${c.shift.time} auprès de ${who}`
          : `Personne n'est arrivé pour la garde de ${c.shift.time} auprès de ${who}`;
        return { title: `CareCircle : ${late}`, body: `${late}. Pouvez-vous la prendre ? Acceptez la garde dans l'application.` };
      }
      return { title: `CareCircle : ${QUOI[c.kind](who)}`, body: `${QUOI[c.kind](who)}. Pouvez-vous vous en occuper ?` };
    case 'emergency': {
      const by = c.startedByName ? `, signalée par ${c.startedByName}` : '';
      const note = c.note && withNote ? ` « ${c.note} »` : '';
      return { title: `URGENCE : ${who}`, body: `Urgence pour ${who}${by}.${note} Merci de répondre maintenant.` };
    }
    case 'unreached':
      return {
        title: 'CareCircle : personne n’a répondu',
        body: `Personne n'a répondu à l'alerte « ${QUOI[c.kind](who)} ». Merci de prendre vous-même des nouvelles de ${c.recipientName ?? 'la personne'}.`,
      };
  }
}

export function smsTextFr(template: MessageTemplate, c: EscalationContext): string {
  const m = writeMessageFr(template, c, false);
  const prefix = template === 'emergency' ? 'CareCircle URGENCE' : 'CareCircle';
  if (template === 'unreached') return `${prefix} : ${m.body}`;
  return `${prefix} : ${m.body} Répondez ${c.ackCode} pour confirmer, ou ${c.ackCode} CLAIM si vous vous en occupez.`;
}

export const EMAIL_FOOTER_FR =
  'Vous recevez ce message parce que vous faites partie d’une famille CareCircle. Choisissez comment vous êtes prévenu dans vos réglages de notifications.';

export const ANSWER_LINK_FR = (url: string) => `Répondre ici (le lien fonctionne une fois, pendant 24 heures) : ${url}`;

/** The push notification's one action button. */
export const ACK_ACTION = { en: "I'm on it", fr: 'Je m’en occupe' } as const;
