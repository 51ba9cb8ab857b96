import type { DosePattern, DoseStatus, MedicationSchedule, Weekday } from './api/contracts';

/** Words for medications and doses, shared by the Today tab, the list and the editor. */

const statusNames: Record<DoseStatus, string> = {
  upcoming: 'Upcoming',
  due: 'Due now',
  snoozed: 'Snoozed',
  escalating: 'Not confirmed yet',
  paused: 'Paused',
  stopped: 'Stopped: reminders failed',
  taken: 'Given',
  late: 'Given late',
  skipped: 'Skipped',
  missed: 'Missed',
};
export const doseStatusLabel = (status: DoseStatus) => statusNames[status];

export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const dayNames: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const dayLongNames: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};
export const weekdayLabel = (day: Weekday) => dayLongNames[day];

/** "Every day", "Mon, Wed, Fri", "Every 3 days from 8 Mar 2026". */
export function patternInWords(pattern: DosePattern, startDate: string): string {
  switch (pattern.kind) {
    case 'daily':
      return 'Every day';
    case 'weekdays': {
      const days = weekdays.filter((d) => pattern.days.includes(d));
      if (days.length === 7) return 'Every day';
      if (days.join() === 'mon,tue,wed,thu,fri') return 'Weekdays (Mon–Fri)';
      if (days.join() === 'sat,sun') return 'Weekends';
      return days.map((d) => dayNames[d]).join(', ');
    }
    case 'everyNDays':
      return `Every ${pattern.n} days from ${formatLocalDate(startDate)}`;
    default: {
      const never: never = pattern;
      return never;
    }
  }
}

/** How the schedule ends, or '' when it runs until stopped. */
export function endInWords(s: Pick<MedicationSchedule, 'endDate' | 'doseCount'>): string {
  if (s.endDate) return `until ${formatLocalDate(s.endDate)}`;
  if (s.doseCount) return `for ${s.doseCount} ${s.doseCount === 1 ? 'dose' : 'doses'}`;
  return '';
}

/** A calendar date ("2026-03-08") as words, without any zone shifting it to another day. */
export function formatLocalDate(date: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
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
