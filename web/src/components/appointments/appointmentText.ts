import type { z } from 'zod';
import type { AppointmentKind, CheckInKind, Recurrence, RideLeg, VisitStatus } from '../../api/appointments';
import { formatLocalDate, zoneCity } from '../../medicationText';

/** Words for appointments, shared by the agenda, the editor, the visit page and Today. */

const kindNames: Record<AppointmentKind, string> = { doctor: 'Doctor', therapy: 'Therapy', lab: 'Lab test', video_call: 'Video call', other: 'Other' };
export const kindLabel = (kind: AppointmentKind) => kindNames[kind];
export const kinds = Object.keys(kindNames) as AppointmentKind[];

const legNames: Record<RideLeg, string> = { outbound: 'There', return: 'Back home' };
export const legLabel = (leg: RideLeg) => legNames[leg];

const checkInNames: Record<CheckInKind, string> = { on_the_way: 'On the way', arrived: 'Arrived', done: 'Done', no_show: 'No-show' };
export const checkInLabel = (kind: CheckInKind) => checkInNames[kind];
export const checkInKinds = Object.keys(checkInNames) as CheckInKind[];

const statusNames: Record<z.infer<typeof VisitStatus>, string> = { scheduled: 'Scheduled', cancelled: 'Cancelled', done: 'Done', no_show: 'Missed (no-show)' };
export const occurrenceStatusLabel = (status: z.infer<typeof VisitStatus>) => statusNames[status];

/** "Tue 8 Dec, 09:30" of a wall clock ("2026-12-08T09:30"), never shifted by the browser's zone. */
export function localDateTimeWords(local: string): string {
  const [date, time] = local.split('T');
  return `${formatLocalDate(date!, { weekday: 'short', day: 'numeric', month: 'short' })}, ${time}`;
}

/** "09:30" of an instant on the clock of `timeZone`. */
export function clockIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
/** "Tue 8 Dec, 09:30" of an instant on the clock of `timeZone`. */
export function dateTimeIn(iso: string, timeZone: string): string {
  const date = new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));
  return `${date}, ${clockIn(iso, timeZone)}`;
}
/** The calendar date ("2026-12-08") of an instant in a zone. */
export function dateIn(iso: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whose clock a time is on: "Rome time". Every time on these pages carries one. */
export const zoneLabel = (timeZone: string) => `${zoneCity(timeZone)} time`;

const DAY_NAMES: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
const ORDINALS: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '5': 'fifth', '-1': 'last' };
export const dayName = (code: string) => DAY_NAMES[code] ?? code;
export const ordinalWord = (n: string) => ORDINALS[n] ?? n;

function byDayWords(code: string): string {
  const m = /^(-?\d)?([A-Z]{2})$/.exec(code);
  if (!m) return code;
  return m[1] ? `the ${ordinalWord(m[1])} ${dayName(m[2]!)}` : dayName(m[2]!);
}
const every = (n: number, one: string, many: string) => (n === 1 ? `Every ${one}` : `Every ${n} ${many}`);

/** "Every 2 weeks on Tuesday, 6 times", "Monthly on the last Friday, until 30 Jun 2027"; "Once" without a rule. */
export function recurrenceWords(r: Recurrence | null): string {
  if (!r) return 'Once';
  let words: string;
  switch (r.freq) {
    case 'DAILY':
      words = every(r.interval, 'day', 'days');
      break;
    case 'WEEKLY':
      words = `${every(r.interval, 'week', 'weeks')}${r.byDay ? ` on ${r.byDay.map(byDayWords).join(', ')}` : ''}`;
      break;
    case 'MONTHLY':
      words = `${every(r.interval, 'month', 'months')} on ${
        r.byDay ? r.byDay.map(byDayWords).join(', ') : r.byMonthDay ? `day ${r.byMonthDay.map((d) => (d < 0 ? 'last' : d)).join(', ')}` : 'the same date'
      }`;
      break;
    default: {
      const never: never = r.freq;
      return never;
    }
  }
  if (r.count) words += `, ${r.count} ${r.count === 1 ? 'time' : 'times'}`;
  if (r.until) words += `, until ${formatLocalDate(r.until.slice(0, 10))}`;
  return words;
}

/** "7 days", "1 day", "2 hours", "90 minutes": how long before the start a reminder goes. */
export function leadWords(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`;
  return `${minutes} minutes`;
}
