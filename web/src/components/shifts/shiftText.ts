import type { ShiftView } from '../../api/shifts';
import { clockIn, dateIn } from '../appointments/appointmentText';

const stateNames: Record<ShiftView['state'], string> = {
  scheduled: 'Planned',
  on_shift: 'On shift',
  late: 'Late',
  uncovered: 'Nobody yet',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const shiftStateLabel = (s: ShiftView) => (s.open && s.state !== 'uncovered' ? 'Nobody yet' : stateNames[s.state]);

/** "Mon 2 Mar, 09:00–17:00" in the shift's zone; a night shift says where it ends. */
export function shiftWhen(s: Pick<ShiftView, 'startAt' | 'endAt' | 'timeZone'>): string {
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: s.timeZone }).format(new Date(s.startAt));
  const nextDay = dateIn(s.endAt, s.timeZone) !== dateIn(s.startAt, s.timeZone) ? ' (next day)' : '';
  return `${day}, ${clockIn(s.startAt, s.timeZone)}–${clockIn(s.endAt, s.timeZone)}${nextDay}`;
}

export const hoursWords = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} h`;
