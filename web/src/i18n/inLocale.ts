import { locale, type Locale } from './locale';

/** For unit tests of text helpers: runs `body` with the app in `value`, and puts the language back even when it fails. */
export function inLocale(value: Locale, body: () => void): void {
  const before = locale.value;
  locale.value = value;
  try {
    body();
  } finally {
    locale.value = before;
  }
}

export const inFrench = (body: () => void): void => inLocale('fr', body);
