import { wallClockAt, wallClockToInstant } from '../time/zoned-time';

/**
 * Quiet hours are wall-clock times in the person's own zone, so their end is found with
 * the zone's data, never with a fixed offset: on the night clocks change, "07:00" is
 * 8 or 10 hours after "22:00", not 9 hours after it every night. An end time that does
 * not exist that day (spring gap) ends them when the gap ends, the same rule as doses.
 */

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function nextLocalDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * When the quiet hours that `now` falls in end, or null if `now` is not in them.
 * A window whose start is after its end runs across midnight (22:00–07:00); a window
 * that starts and ends at the same minute is empty.
 */
export function quietHoursEnd(zone: string, quiet: { start: string; end: string }, now: Date): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = wallClockAt(zone, now.getTime());
  const current = minutesOf(local.localTime);
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? current >= start || current < end : current >= start && current < end;
  if (!inside) return null;
  // Before midnight in a window that crosses it, the end is tomorrow's date.
  const endDate = crossesMidnight && current >= start ? nextLocalDate(local.localDate) : local.localDate;
  return new Date(wallClockToInstant(zone, endDate, quiet.end));
}
