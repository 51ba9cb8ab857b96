/**
 * Phone numbers as people type them ("06 12 34 56 78" in France) turned into the
 * international form the API stores ("+33612345678"), given the country chosen beside
 * the field. A number typed with its "+" or "00" prefix keeps its own country.
 */
export interface PhoneCountry {
  region: string;
  /** English, for code and tests; people see `countryName(region, language)`. */
  name: string;
  dial: string;
  /** Italy and a few others keep the leading 0 after the country code. */
  keepsTrunkZero?: boolean;
}

export const phoneCountries: PhoneCountry[] = [
  { region: 'AU', name: 'Australia', dial: '61' },
  { region: 'AT', name: 'Austria', dial: '43' },
  { region: 'BE', name: 'Belgium', dial: '32' },
  { region: 'CA', name: 'Canada', dial: '1' },
  { region: 'DK', name: 'Denmark', dial: '45' },
  { region: 'FI', name: 'Finland', dial: '358' },
  { region: 'FR', name: 'France', dial: '33' },
  { region: 'DE', name: 'Germany', dial: '49' },
  { region: 'GR', name: 'Greece', dial: '30' },
  { region: 'IE', name: 'Ireland', dial: '353' },
  { region: 'IT', name: 'Italy', dial: '39', keepsTrunkZero: true },
  { region: 'LU', name: 'Luxembourg', dial: '352' },
  { region: 'MA', name: 'Morocco', dial: '212' },
  { region: 'NL', name: 'Netherlands', dial: '31' },
  { region: 'NZ', name: 'New Zealand', dial: '64' },
  { region: 'NO', name: 'Norway', dial: '47' },
  { region: 'PL', name: 'Poland', dial: '48' },
  { region: 'PT', name: 'Portugal', dial: '351' },
  { region: 'ES', name: 'Spain', dial: '34' },
  { region: 'SE', name: 'Sweden', dial: '46' },
  { region: 'CH', name: 'Switzerland', dial: '41' },
  { region: 'GB', name: 'United Kingdom', dial: '44' },
  { region: 'US', name: 'United States', dial: '1' },
];

/** "Allemagne" for DE in French: the browser's own country names, so no list to translate. */
export function countryName(region: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(region) ?? region;
  } catch {
    return region;
  }
}

/** The phone countries named in `language` and sorted in its alphabetical order. */
export function phoneCountryOptions(language: string): PhoneCountry[] {
  return phoneCountries
    .map((c) => ({ ...c, name: language === 'en' ? c.name : countryName(c.region, language) }))
    .sort((a, b) => a.name.localeCompare(b.name, language));
}

/** The browser's region when it is one of the list, else France (the seed's first market). */
export function defaultPhoneRegion(locale: string = typeof navigator === 'undefined' ? 'fr-FR' : navigator.language): string {
  const region = (/[-_]([A-Za-z]{2})\b/.exec(locale)?.[1] ?? '').toUpperCase();
  return phoneCountries.some((c) => c.region === region) ? region : 'FR';
}

/**
 * "+33612345678", or null when what was typed cannot be a phone number. Spaces, dots,
 * dashes and brackets are ignored.
 */
export function toInternational(typed: string, region: string): string | null {
  const compact = typed.replace(/[\s().\-/]/g, '');
  if (compact === '') return null;
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else {
    const country = phoneCountries.find((c) => c.region === region);
    if (!country) return null;
    const national = country.keepsTrunkZero ? compact : compact.replace(/^0/, '');
    digits = `${country.dial}${national}`;
  }
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}
