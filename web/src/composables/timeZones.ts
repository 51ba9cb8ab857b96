/** The browser's own zone, the sensible default for a new account or care recipient. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let cached: string[] | null = null;

/** Every IANA zone this browser knows, plus UTC and the browser's own zone. */
export function allTimeZones(): string[] {
  if (!cached) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    cached = [...new Set(['UTC', browserTimeZone(), ...known])].sort((a, b) => a.localeCompare(b));
  }
  return cached;
}
