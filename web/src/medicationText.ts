import { intlLocale, t } from './i18n';
import type { DosePattern, DoseStatus, MedicationSchedule, Weekday } from './api/contracts';

/** Words for medications and doses, shared by the Today tab, the list and the editor. */

const words = () => t.value.medication;

export const doseStatusLabel = (status: DoseStatus) => words().status[status];

export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const weekdayLabel = (day: Weekday) => words().weekdayLong[day];

/** "Every day", "Mon, Wed, Fri", "Every 3 days from 8 Mar 2026". */
export function patternInWords(pattern: DosePattern, startDate: string): string {
  switch (pattern.kind) {
    case 'daily':
      return words().pattern.everyDay;
    case 'weekdays': {
      const days = weekdays.filter((d) => pattern.days.includes(d));
      if (days.length === 7) return words().pattern.everyDay;
      if (days.join() === 'mon,tue,wed,thu,fri') return words().pattern.weekdays;
      if (days.join() === 'sat,sun') return words().pattern.weekends;
      return days.map((d) => words().weekdayShort[d]).join(', ');
    }
    case 'everyNDays':
      return words().pattern.everyNDays(pattern.n, formatLocalDate(startDate));
    default: {
      const never: never = pattern;
      return never;
    }
  }
}

/** How the schedule ends, or '' when it runs until stopped. */
export function endInWords(s: Pick<MedicationSchedule, 'endDate' | 'doseCount'>): string {
  if (s.endDate) return words().pattern.until(formatLocalDate(s.endDate));
  if (s.doseCount) return words().pattern.forDoses(s.doseCount);
  return '';
}

/** A calendar date ("2026-03-08") as words, without any zone shifting it to another day. */
export function formatLocalDate(date: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** The wall-clock "HH:MM" of an instant in a zone, as the dose times are written. */
export function timeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** Today's calendar date in a zone: a new schedule starts on the recipient's today, not the browser's. */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "Europe/Paris" → "Paris": short enough to sit beside a time. */
export const zoneCity = (timeZone: string) => (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');

/** "Paris time" / "heure de Paris": whose clock a time is on. */
export const zoneTime = (timeZone: string) => words().zoneTime(zoneCity(timeZone));

/**
 * The instant at which the wall clock in `timeZone` reads `localDate` `localTime`. Two
 * passes settle the zone's offset (a DST change between the guess and the answer moves it).
 */
export function instantAt(localDate: string, localTime: string, timeZone: string): Date {
  const [y, mo, d] = localDate.split('-').map(Number);
  const [h, mi] = localTime.split(':').map(Number);
  const wanted = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = new Date(guess);
    const [date, time] = [todayIn(timeZone, shown), timeIn(shown.toISOString(), timeZone)];
    const [sy, smo, sd] = date.split('-').map(Number);
    const [sh, smi] = time.split(':').map(Number);
    guess += wanted - Date.UTC(sy!, smo! - 1, sd!, sh!, smi!);
  }
  return new Date(guess);
}
