/**
 * The medication schedule model and its calendar rules (which local days are dose days).
 * The validating schema lives in the API contract so the API, the SPA and the worker
 * share one definition; this module adds the day arithmetic, which needs no time zone.
 */
import type { DosePattern, MedicationSchedule, Weekday } from '../../api/contracts/medications';

export { MedicationScheduleInput, DosePattern, Weekday, LocalTime, LocalDate } from '../../api/contracts/medications';
export type { MedicationSchedule } from '../../api/contracts/medications';

/** What the dose calculator reads from a schedule; the rest (who, what, supply) it ignores. */
export type DoseTiming = Pick<
  MedicationSchedule,
  'timeZone' | 'timesOfDay' | 'pattern' | 'startDate' | 'endDate' | 'doseCount' | 'asNeeded'
>;
/** Also what the preview needs to place the reminders around each dose. */
export type ReminderTiming = DoseTiming & Pick<MedicationSchedule, 'headsUpMinutes' | 'answerWindowMinutes'>;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a "YYYY-MM-DD" local date (a calendar count, no zone). */
export function dayNumber(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function localDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// 1970-01-01 was a Thursday.
const WEEKDAYS: readonly Weekday[] = ['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'];
export function weekdayOf(day: number): Weekday {
  return WEEKDAYS[((day % 7) + 7) % 7]!;
}

/** Whether the pattern makes `day` a dose day (ignoring start and end). */
export function isDoseDay(pattern: DosePattern, startDay: number, day: number): boolean {
  switch (pattern.kind) {
    case 'daily':
      return true;
    case 'weekdays':
      return pattern.days.includes(weekdayOf(day));
    case 'everyNDays':
      return (((day - startDay) % pattern.n) + pattern.n) % pattern.n === 0;
  }
}

/** How many dose days lie in [startDay, day): the doses before `day` are this times the times of day. */
export function doseDaysBefore(pattern: DosePattern, startDay: number, day: number): number {
  const span = day - startDay;
  if (span <= 0) return 0;
  switch (pattern.kind) {
    case 'daily':
      return span;
    case 'everyNDays':
      return Math.ceil(span / pattern.n);
    case 'weekdays': {
      const fullWeeks = Math.floor(span / 7);
      let count = fullWeeks * new Set(pattern.days).size;
      for (let d = startDay + fullWeeks * 7; d < day; d++) if (isDoseDay(pattern, startDay, d)) count++;
      return count;
    }
  }
}
