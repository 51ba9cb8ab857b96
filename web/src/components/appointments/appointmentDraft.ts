import { DEFAULT_REMINDER_LEADS, type AppointmentKind, type AppointmentSeriesInput, type Recurrence, type RideLeg } from '../../api/appointments';
import { todayIn } from '../../medicationText';
import type { NumberDraft } from '../medication/medicationDraft';

/**
 * The editor's working copy of an appointment series. Number inputs hold '' while empty;
 * a required one is then sent as null so the API's own message lands beside it.
 */
export type Freq = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
export const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type DayCode = (typeof DAY_CODES)[number];

export interface RecurrenceDraft {
  freq: Freq;
  interval: NumberDraft;
  weekDays: DayCode[];
  /** Monthly on a date ("the 8th") or on a weekday of the month ("the 2nd Tuesday", "the last Friday"). */
  monthlyBy: 'date' | 'weekday';
  monthDay: NumberDraft;
  ordinal: '1' | '2' | '3' | '4' | '-1';
  ordinalDay: DayCode;
  endBy: 'never' | 'date' | 'count';
  untilDate: string;
  count: NumberDraft;
  /** Kept as they were: the editor does not remove skipped dates. */
  exDates: string[];
}

export interface AppointmentDraft {
  title: string;
  kind: AppointmentKind;
  careRecipientId: string;
  location: string;
  notes: string;
  timeZone: string;
  date: string;
  time: string;
  durationMinutes: NumberDraft;
  recurrence: RecurrenceDraft;
  reminderLeads: number[];
  needsRide: boolean;
  rideLegs: RideLeg[];
  rideDeadlineHours: NumberDraft;
  travelMinutes: NumberDraft;
}

/** Weekday code of a calendar date, computed in UTC so no zone moves it. */
export function dayOf(date: string): DayCode {
  const [y, m, d] = date.split('-').map(Number);
  const js = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay(); // 0 = Sunday
  return DAY_CODES[(js + 6) % 7]!;
}
/** "the 2nd Tuesday" of the start date; the 5th is offered as "the last". */
export function ordinalOf(date: string): RecurrenceDraft['ordinal'] {
  const day = Number(date.slice(8, 10));
  const n = Math.ceil(day / 7);
  return n >= 5 ? '-1' : (String(n) as RecurrenceDraft['ordinal']);
}

function recurrenceDraft(date: string): RecurrenceDraft {
  return {
    freq: 'none',
    interval: 1,
    weekDays: [dayOf(date)],
    monthlyBy: 'date',
    monthDay: Number(date.slice(8, 10)),
    ordinal: ordinalOf(date),
    ordinalDay: dayOf(date),
    endBy: 'never',
    untilDate: '',
    count: '',
    exDates: [],
  };
}

export function newDraft(recipient: { id: string; timeZone: string } | undefined): AppointmentDraft {
  const timeZone = recipient?.timeZone ?? 'UTC';
  const date = todayIn(timeZone);
  return {
    title: '',
    kind: 'doctor',
    careRecipientId: recipient?.id ?? '',
    location: '',
    notes: '',
    timeZone,
    date,
    time: '10:00',
    durationMinutes: 60,
    recurrence: recurrenceDraft(date),
    reminderLeads: [...DEFAULT_REMINDER_LEADS],
    needsRide: false,
    rideLegs: ['outbound', 'return'],
    rideDeadlineHours: 48,
    travelMinutes: 30,
  };
}

export function toDraft(s: AppointmentSeriesInput & { timeZone: string }): AppointmentDraft {
  const [date, time] = s.start.split('T') as [string, string];
  const rec = recurrenceDraft(date);
  const r = s.recurrence;
  if (r) {
    rec.freq = r.freq;
    rec.interval = r.interval;
    rec.exDates = [...r.exDates];
    if (r.freq === 'WEEKLY' && r.byDay) rec.weekDays = r.byDay.filter((d): d is DayCode => (DAY_CODES as readonly string[]).includes(d));
    if (r.freq === 'MONTHLY') {
      const ordinal = r.byDay?.[0] ? /^(-?\d)([A-Z]{2})$/.exec(r.byDay[0]) : null;
      if (ordinal) {
        rec.monthlyBy = 'weekday';
        rec.ordinal = ordinal[1] as RecurrenceDraft['ordinal'];
        rec.ordinalDay = ordinal[2] as DayCode;
      } else if (r.byMonthDay?.[0]) rec.monthDay = r.byMonthDay[0];
    }
    if (r.until) [rec.endBy, rec.untilDate] = ['date', r.until.slice(0, 10)];
    else if (r.count) [rec.endBy, rec.count] = ['count', r.count];
  }
  return {
    title: s.title,
    kind: s.kind,
    careRecipientId: s.careRecipientId,
    location: s.location,
    notes: s.notes,
    timeZone: s.timeZone,
    date,
    time,
    durationMinutes: s.durationMinutes,
    recurrence: rec,
    reminderLeads: [...s.reminderLeadMinutes],
    needsRide: s.rideLegs.length > 0,
    rideLegs: s.rideLegs.length > 0 ? [...s.rideLegs] : ['outbound', 'return'],
    rideDeadlineHours: s.rideDeadlineHours,
    travelMinutes: s.travelMinutes,
  };
}

export const cloneDraft = (d: AppointmentDraft): AppointmentDraft => JSON.parse(JSON.stringify(d)) as AppointmentDraft;

const required = (n: NumberDraft) => (n === '' ? (null as unknown as number) : n);

export function toRecurrence(r: RecurrenceDraft): Recurrence | null {
  if (r.freq === 'none') return null;
  const rule: Recurrence = { freq: r.freq, interval: required(r.interval), exDates: r.exDates };
  if (r.freq === 'WEEKLY') rule.byDay = DAY_CODES.filter((d) => r.weekDays.includes(d));
  if (r.freq === 'MONTHLY') {
    if (r.monthlyBy === 'weekday') rule.byDay = [`${r.ordinal}${r.ordinalDay}`];
    else rule.byMonthDay = [required(r.monthDay)];
  }
  // The last day counts whole: any start on it is still in the series.
  if (r.endBy === 'date') rule.until = r.untilDate ? `${r.untilDate}T23:59` : (null as unknown as string);
  if (r.endBy === 'count') rule.count = required(r.count);
  return rule;
}

export function toInput(d: AppointmentDraft): AppointmentSeriesInput {
  return {
    title: d.title,
    kind: d.kind,
    careRecipientId: d.careRecipientId,
    location: d.location,
    notes: d.notes,
    timeZone: d.timeZone,
    start: `${d.date}T${d.time}`,
    durationMinutes: required(d.durationMinutes),
    recurrence: toRecurrence(d.recurrence),
    reminderLeadMinutes: [...d.reminderLeads].sort((a, b) => b - a),
    rideLegs: d.needsRide ? d.rideLegs : [],
    rideDeadlineHours: required(d.rideDeadlineHours),
    travelMinutes: required(d.travelMinutes),
  };
}

export const fields = [
  'title', 'kind', 'careRecipientId', 'location', 'notes', 'timeZone', 'start', 'durationMinutes', 'recurrence',
  'reminderLeadMinutes', 'rideLegs', 'rideDeadlineHours', 'travelMinutes',
] as const;

/** "recurrence.byDay.0" → the recurrence builder; "start" → the date and time. */
export function fieldKey(path: string): string | null {
  const head = path.split('.')[0]!;
  if (head === 'changes') return fieldKey(path.split('.').slice(1).join('.'));
  return (fields as readonly string[]).includes(head) ? head : null;
}
