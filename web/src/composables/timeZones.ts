import { catalogFor, type Locale } from '../i18n';
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

const regions = new Map<Locale, Intl.DisplayNames | null>();
/** Country names come from the browser in the language shown ("Inde" in French); city names stay tzdata's. */
function countryName(code: string | undefined, language: Locale): string | null {
  if (!code) return null;
  try {
    if (!regions.has(language)) regions.set(language, new Intl.DisplayNames([language], { type: 'region' }));
    return regions.get(language)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A zone as a place: its city (and state, for zones like America/Indiana/…), then its country. */
export function placeOf(zone: string, language: Locale = 'en'): Place {
  if (zone === 'UTC') return { zone, label: catalogFor(language).profile.timeZone.utc };
  const parts = zone.split('/').slice(1).reverse().map((p) => p.replaceAll('_', ' '));
  const country = countryName(ZONE_COUNTRIES[zone], language);
  return { zone, label: [...parts, ...(country && !parts.includes(country) ? [country] : [])].join(', ') || zone };
}

const cached = new Map<Locale, Place[]>();

/** Every current zone this browser knows, as places in the language's alphabetical order, plus UTC. */
export function allPlaces(language: Locale = 'en'): Place[] {
  let places = cached.get(language);
  if (!places) {
    places = ['UTC', ...Object.keys(ZONE_COUNTRIES)]
      .filter(knownToBrowser)
      .map((zone) => placeOf(zone, language))
      .sort((a, b) => a.label.localeCompare(b.label, language));
    cached.set(language, places);
  }
  return places;
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
