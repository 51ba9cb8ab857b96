/** The languages messages are written in. A member who never chose one, or holds a value we do not write, reads English. */
export type MessageLanguage = 'en' | 'fr';

export const messageLanguage = (value: unknown): MessageLanguage => (value === 'fr' ? 'fr' : 'en');

/** The Intl tag for dates in messages: en-GB keeps "Tue 8 Dec" and a 24-hour clock, as the English texts always had. */
export const intlTag = (lang: MessageLanguage): string => (lang === 'fr' ? 'fr-FR' : 'en-GB');
