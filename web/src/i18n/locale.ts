import { ref } from 'vue';

export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'carecircle.locale';
const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/** An explicit choice on this device wins, then the browser's preferred languages, then English. */
function detectLocale(): Locale {
  if (typeof window === 'undefined') return 'en';
  const chosen = window.localStorage?.getItem(storageKey);
  if (isLocale(chosen)) return chosen;
  for (const tag of window.navigator?.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export const locale = ref<Locale>(detectLocale());

function applyToDocument(value: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}
applyToDocument(locale.value);

/** `remember`: the person picked it on this device (a profile language is applied without it). */
export function setLocale(value: string | null | undefined, remember = false): void {
  if (!isLocale(value)) return;
  locale.value = value;
  applyToDocument(value);
  if (remember && typeof window !== 'undefined') window.localStorage?.setItem(storageKey, value);
}

/**
 * The Intl tag for dates and numbers: the browser's own regional variant when it speaks the
 * chosen language (en-GB keeps its 24-hour clock), else the bare language.
 */
export function intlLocale(): string {
  const preferred = typeof window === 'undefined' ? [] : (window.navigator?.languages ?? []);
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === locale.value) ?? locale.value;
}
