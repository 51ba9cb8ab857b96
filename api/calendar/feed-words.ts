import type { MessageLanguage } from '../../activities/delivery/language';

/** The few words a calendar feed adds around names, titles and notes, in the feed owner's language. */
export const feedWords = {
  en: { legs: { outbound: 'there', return: 'back' }, driving: 'Driving', shift: 'care shift', tasks: 'Tasks' },
  fr: { legs: { outbound: 'aller', return: 'retour' }, driving: 'Accompagnement', shift: 'garde', tasks: 'Tâches' },
} as const satisfies Record<MessageLanguage, unknown>;
