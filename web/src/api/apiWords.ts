import { catalogFor, t } from '../i18n';

/**
 * The API speaks English. Its sentences a person reads (beside a field, or at the top of a
 * form) are a known set: recognised here, they are shown in the reader's language. Anything
 * not recognised is shown as the API wrote it rather than hidden.
 */
const patterns: { match: RegExp; say: (found: string) => string }[] = [
  { match: /^Use at least (\d+) characters?\.$/, say: (n) => t.value.common.api.minChars(Number(n)) },
  { match: /^Keep it to (\d+) characters? or fewer\.$/, say: (n) => t.value.common.api.maxChars(Number(n)) },
  { match: /^Choose at least (\d+)\.$/, say: (n) => t.value.common.api.chooseAtLeast(Number(n)) },
  { match: /^Choose at most (\d+)\.$/, say: (n) => t.value.common.api.chooseAtMost(Number(n)) },
  { match: /^Use (-?[\d.]+) or more\.$/, say: (n) => t.value.common.api.atLeast(n) },
  { match: /^Use (-?[\d.]+) or less\.$/, say: (n) => t.value.common.api.atMost(n) },
  { match: /^(This .+) was not found\.$/, say: (what) => t.value.common.api.notFound(what) },
];

export function inReaderLanguage(message: string): string {
  const english = catalogFor('en').common.api.fixed;
  const key = (Object.keys(english) as (keyof typeof english)[]).find((k) => english[k] === message);
  if (key) return t.value.common.api.fixed[key];
  for (const { match, say } of patterns) {
    const found = match.exec(message);
    if (found) return say(found[1]!);
  }
  return message;
}
