import type { ShiftView } from '../../api/shifts';
import { intlLocale, t } from '../../i18n';
import { clockIn, dateIn, dayIn } from '../appointments/appointmentText';

export const shiftStateLabel = (s: ShiftView) => t.value.shifts.text.states[s.open && s.state !== 'uncovered' ? 'uncovered' : s.state];

/** "Mon 2 Mar, 09:00–17:00" in the shift's zone; a night shift says where it ends. */
export function shiftWhen(s: Pick<ShiftView, 'startAt' | 'endAt' | 'timeZone'>): string {
  const nextDay = dateIn(s.endAt, s.timeZone) !== dateIn(s.startAt, s.timeZone);
  return t.value.shifts.text.when(dayIn(s.startAt, s.timeZone), clockIn(s.startAt, s.timeZone), clockIn(s.endAt, s.timeZone), nextDay);
}

/** "7.5" ("7,5" in French): hours as the board and the editor count them. */
export const hoursNumber = (hours: number) => new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 2, useGrouping: false }).format(hours);
export const hoursWords = (minutes: number) => t.value.shifts.text.hours(hoursNumber(Math.round((minutes / 60) * 10) / 10));
