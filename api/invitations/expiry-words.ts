/**
 * "Monday 7 December 2026 at 13:10 Paris time": when an invitation link stops working, on the
 * inviter's clock and saying so. The invitee's zone is unknown until they sign up, and a bare
 * "GMT" (Date#toUTCString) means nothing to most families.
 */
export function expiryWords(expiresAt: Date, inviterZone: string): string {
  const zone = isZone(inviterZone) ? inviterZone : 'UTC';
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(expiresAt);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(expiresAt);
  const place = zone === 'UTC' ? 'UTC' : `${zone.split('/').pop()!.replaceAll('_', ' ')} time`;
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
