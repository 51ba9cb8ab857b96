import { intlTag, type MessageLanguage } from '../../activities/delivery/language';

/**
 * "Monday 7 December 2026 at 13:10 Paris time": when an invitation link stops working, on the
 * inviter's clock and saying so. The invitee's zone is unknown until they sign up, and a bare
 * "GMT" (Date#toUTCString) means nothing to most families.
 */
export function expiryWords(expiresAt: Date, inviterZone: string, lang: MessageLanguage = 'en'): string {
  const zone = isZone(inviterZone) ? inviterZone : 'UTC';
  const tag = intlTag(lang);
  const date = new Intl.DateTimeFormat(tag, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(expiresAt);
  const time = new Intl.DateTimeFormat(tag, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(expiresAt);
  const city = zone.split('/').pop()!.replaceAll('_', ' ');
  if (lang === 'fr') return `${date} à ${time} (${zone === 'UTC' ? 'UTC' : `heure de ${city}`})`;
  const place = zone === 'UTC' ? 'UTC' : `${city} time`;
  return `${date.replace(',', '')} at ${time} ${place}`;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
