import { ZONE_COUNTRIES } from './zoneCountries';

/** Old names browsers still report (Chromium's ICU says "Asia/Calcutta"), with the name tzdata uses now. */
const RENAMED: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'Etc/UTC': 'UTC',
  'Etc/GMT': 'UTC',
  GMT: 'UTC',
};

/** Today's name of a zone (see RENAMED); any other name as it is. */
export const currentZoneName = (zone: string): string => RENAMED[zone] ?? zone;

/** The browser's own zone, the sensible default for a new account or care recipient. */
export function browserTimeZone(): string {
  try {
    return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  } catch {
    return 'UTC';
  }
}

/** "Your time" is the zone in your profile (set once, the same on every device); the browser's only without one. */
export function yourTimeZone(profileZone: string | null | undefined): string {
  return profileZone || browserTimeZone();
}

export interface Place {
  zone: string;
  /** "Kolkata, India", "Indianapolis, Indiana, United States". */
  label: string;
}

function knownToBrowser(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let regions: Intl.DisplayNames | null = null;
function countryName(code: string | undefined): string | null {
  if (!code) return null;
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A zone as a place: its city (and state, for zones like America/Indiana/…), then its country. */
export function placeOf(zone: string): Place {
  if (zone === 'UTC') return { zone, label: 'UTC (no daylight saving)' };
  const parts = zone.split('/').slice(1).reverse().map((p) => p.replaceAll('_', ' '));
  const country = countryName(ZONE_COUNTRIES[zone]);
  return { zone, label: [...parts, ...(country && !parts.includes(country) ? [country] : [])].join(', ') || zone };
}

let cached: Place[] | null = null;

/** Every current zone this browser knows, as places in alphabetical order, plus UTC. */
export function allPlaces(): Place[] {
  cached ??= ['UTC', ...Object.keys(ZONE_COUNTRIES)]
    .filter(knownToBrowser)
    .map(placeOf)
    .sort((a, b) => a.label.localeCompare(b.label));
  return cached;
}

/** Places whose name, country or zone contains every word typed, ignoring case and accents. */
export function searchPlaces(query: string, places = allPlaces()): Place[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const words = fold(query).split(/[\s,/]+/).filter(Boolean);
  if (words.length === 0) return places;
  return places.filter((p) => {
    const text = fold(`${p.label} ${p.zone.replaceAll('_', ' ')}`);
    return words.every((w) => text.includes(w));
  });
}
