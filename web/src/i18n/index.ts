import { computed } from 'vue';
import * as en from './en';
import * as fr from './fr';
import { locale, type Locale } from './locale';

export { intlLocale, locale, locales, setLocale, type Locale } from './locale';

/** English is the reference: French must have every key with the same shape (checked by the compiler). */
export type Catalog = typeof en;
const catalogs: Record<Locale, Catalog> = { en, fr };

/** The words of the current language: `t.value.common.save` in code, `t.common.save` in templates. */
export const t = computed<Catalog>(() => catalogs[locale.value]);

export const catalogFor = (value: Locale): Catalog => catalogs[value];
