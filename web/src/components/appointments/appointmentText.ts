import type { z } from 'zod';
import type { AppointmentKind, CheckInKind, Recurrence, RideLeg, VisitStatus } from '../../api/appointments';
import { intlLocale, t } from '../../i18n';
import { zoneCity } from '../../medicationText';

/** Words for appointments, shared by the agenda, the editor, the visit page and Today (in the chosen language). */

const words = () => t.value.appointments.text;

export const kinds: AppointmentKind[] = ['doctor', 'therapy', 'lab', 'video_call', 'other'];
export const kindLabel = (kind: AppointmentKind) => words().kinds[kind];

export const legLabel = (leg: RideLeg) => words().legs[leg];
/** A leg inside a sentence: "there", "back home". */
export const legInSentence = (leg: RideLeg) => words().legInSentence[leg];

export const checkInKinds: CheckInKind[] = ['on_the_way', 'arrived', 'done', 'no_show'];
export const checkInLabel = (kind: CheckInKind) => words().checkIns[kind];

export const occurrenceStatusLabel = (status: z.infer<typeof VisitStatus>) => words().statuses[status];

/** A calendar date ("2026-03-08") as words in the chosen language, without any zone shifting it to another day. */
export function localDate(date: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** "Tue 8 Dec, 09:30" of a wall clock ("2026-12-08T09:30"), never shifted by the browser's zone. */
export function localDateTimeWords(local: string): string {
  const [date, time] = local.split('T');
  return words().dateTime(localDate(date!, { weekday: 'short', day: 'numeric', month: 'short' }), time!);
}

/** "09:30" of an instant on the clock of `timeZone` (24-hour, as every time here is written). */
export function clockIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
/** "Tue 8 Dec" of an instant on the calendar of `timeZone`. */
export function dayIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));
}
/** "Tue 8 Dec, 09:30" of an instant on the clock of `timeZone`. */
export function dateTimeIn(iso: string, timeZone: string): string {
  return words().dateTime(dayIn(iso, timeZone), clockIn(iso, timeZone));
}
/** The calendar date ("2026-12-08") of an instant in a zone. */
export function dateIn(iso: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whose clock a time is on: "Rome time". Every time on these pages carries one. */
export const zoneLabel = (timeZone: string) => words().zone(zoneCity(timeZone));

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** "Monday" (0) to "Sunday" (6) in the chosen language: 1 January 2024 was a Monday. */
export const weekdayName = (mondayIs0: number, style: 'long' | 'short' = 'long') =>
  new Intl.DateTimeFormat(intlLocale(), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + mondayIs0)));
/** "MO" → "Monday". */
export const dayName = (code: string) => (DAY_CODES.includes(code) ? weekdayName(DAY_CODES.indexOf(code)) : code);
export const ordinalWord = (n: string) => words().ordinals[n] ?? n;

function byDayWords(code: string): string {
  const m = /^(-?\d)?([A-Z]{2})$/.exec(code);
  if (!m) return code;
  return m[1] ? words().nthWeekday(ordinalWord(m[1]), dayName(m[2]!)) : words().weekdayInRule(dayName(m[2]!));
}

/** "Every 2 weeks on Tuesday, 6 times", "Every month on the last Friday, until 30 Jun 2027"; "Once" without a rule. */
export function recurrenceWords(r: Recurrence | null): string {
  const w = words();
  if (!r) return w.once;
  let text: string;
  switch (r.freq) {
    case 'DAILY':
      text = w.daily(r.interval);
      break;
    case 'WEEKLY':
      text = r.byDay ? w.on(w.weekly(r.interval), w.dayList(r.byDay.map(byDayWords))) : w.weekly(r.interval);
      break;
    case 'MONTHLY':
      text = w.on(
        w.monthly(r.interval),
        r.byDay ? w.dayList(r.byDay.map(byDayWords)) : r.byMonthDay ? w.monthDays(r.byMonthDay) : w.sameDate,
      );
      break;
    default: {
      const never: never = r.freq;
      return never;
    }
  }
  if (r.count) text += `, ${w.count(r.count)}`;
  if (r.until) text += `, ${w.until(localDate(r.until.slice(0, 10)))}`;
  return text;
}

/** "7 days", "1 day", "2 hours", "90 minutes": how long before the start a reminder goes. */
export function leadWords(minutes: number): string {
  if (minutes % 1440 === 0) return words().leadDays(minutes / 1440);
  if (minutes % 60 === 0) return words().leadHours(minutes / 60);
  return words().leadMinutes(minutes);
}
