/** Calendar-date arithmetic on "YYYY-MM-DD", in UTC so no zone or DST shifts a day. */

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The Monday on or before the date: weeks start on Monday, as ISO 8601 and most of our families count them. */
export function weekStartOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}
