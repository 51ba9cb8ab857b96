/**
 * The first of `zones` where the hour at `now` is 01–22, so whatever a test does within the
 * next hour stays on that local date there: a test that reads "today" or answers a dose due
 * soon passes at any wall-clock time, including the half hour before midnight UTC.
 */
export function zoneAwayFromMidnight(now: number, zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']): string {
  const hour = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  const zone = zones.find((z) => hour(z) >= 1 && hour(z) <= 22);
  if (!zone) throw new Error(`every one of ${zones.join(', ')} is within an hour of midnight at ${new Date(now).toISOString()}`);
  return zone;
}
