import type { MessageLanguage } from '../../activities/delivery/language';

type Leg = 'outbound' | 'return';

/**
 * The few words a calendar feed adds around names, titles and notes, in the feed owner's language.
 * Whole phrases rather than single words: French puts a no-break space before ":" and says
 * "Ben à l’aller", which no English word order can produce.
 */
export const feedWords = {
  en: {
    rider: (name: string, leg: Leg) => `${name} ${leg === 'outbound' ? 'there' : 'back'}`,
    driving: 'Driving:',
    title: (recipient: string, what: string) => `${recipient}: ${what}`,
    shiftTitle: (recipient: string) => `${recipient}: care shift`,
    tasks: (list: string) => `Tasks: ${list}`,
  },
  fr: {
    rider: (name: string, leg: Leg) => `${name} ${leg === 'outbound' ? 'à l’aller' : 'au retour'}`,
    driving: 'Accompagnement\u00A0:',
    title: (recipient: string, what: string) => `${recipient}\u00A0: ${what}`,
    shiftTitle: (recipient: string) => `Garde auprès de ${recipient}`,
    tasks: (list: string) => `Tâches\u00A0: ${list}`,
  },
} as const satisfies Record<MessageLanguage, unknown>;
