import type { Weekday } from '../../api/contracts';
import { sortedTimes, type MedicationDraft } from './medicationDraft';

const DAY_MS = 86_400_000;
const dayIndex = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (index: number): Weekday => (['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'] as const)[((index % 7) + 7) % 7]!;

/**
 * The dose days of the next `days` days as the draft stands, worked out in the browser while
 * the person types (the saved schedule's own preview asks the server). Calendar dates only:
 * a time of day is a wall-clock time on the recipient's clock, so no zone arithmetic is needed.
 * Today's doses already past (`nowTime` on that clock) are left out, as the saved preview does.
 */
export function draftDoseDays(d: MedicationDraft, today: string, nowTime = '00:00', days = 7): { date: string; times: string[] }[] {
  const times = sortedTimes(d.times).map((r) => r.value).filter((v) => v !== '');
  if (d.asNeeded || times.length === 0 || !/^\d{4}-\d{2}-\d{2}$/.test(d.startDate)) return [];
  const start = dayIndex(d.startDate);
  const first = Math.max(start, dayIndex(today));
  const last = dayIndex(today) + days - 1;
  const end = d.endBy === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(d.endDate) ? Math.min(last, dayIndex(d.endDate)) : last;
  const everyN = typeof d.everyN === 'number' && d.everyN >= 1 ? d.everyN : null;
  const isDoseDay = (i: number) =>
    d.patternKind === 'daily' ? true : d.patternKind === 'weekdays' ? d.days.includes(weekdayOf(i)) : everyN !== null && (i - start) % everyN === 0;
  // A count of doses runs from the start date, so the days already past use some of it up.
  let left = d.endBy === 'count' && typeof d.doseCount === 'number' ? d.doseCount : Infinity;
  const result: { date: string; times: string[] }[] = [];
  for (let i = start; i <= end && left > 0; i++) {
    if (!isDoseDay(i)) continue;
    const due = times.slice(0, Math.min(times.length, left));
    left -= due.length;
    const ahead = i === dayIndex(today) ? due.filter((time) => time > nowTime) : due;
    if (i >= first && ahead.length > 0) result.push({ date: dateOf(i), times: ahead });
  }
  return result;
}
