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

/**
 * A workflow's refusal carries a stable code in `details.reason` (the API keeps its English
 * `message` beside it): known codes are said from the areas' catalogs, by code, never by
 * matching the English.
 */
export function refusalReason(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  const reason = (details as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : undefined;
}

function refusalWords(reason: string): string | undefined {
  const areas = [t.value.shifts.refusals, t.value.medication.refusals, t.value.appointments.refusals] as Record<string, string>[];
  return areas.find((area) => Object.hasOwn(area, reason))?.[reason];
}

export function inReaderLanguage(message: string, details?: unknown): string {
  const reason = refusalReason(details);
  const said = reason === undefined ? undefined : refusalWords(reason);
  if (said !== undefined) return said;
  const english = catalogFor('en').common.api.fixed;
  const key = (Object.keys(english) as (keyof typeof english)[]).find((k) => english[k] === message);
  if (key) return t.value.common.api.fixed[key];
  for (const { match, say } of patterns) {
    const found = match.exec(message);
    if (found) return say(found[1]!);
  }
  return message;
}
