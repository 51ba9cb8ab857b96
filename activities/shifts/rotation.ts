/**
 * Shifts from a rotation: a weekly pattern, or a cycle of N weeks, of slots (weekday,
 * start, end, assignee) in the rotation's zone. Cycle week 1 is the Monday-to-Sunday week
 * holding `startsOn`. A slot whose end is at or before its start ends the next day (a
 * night shift). Each wall clock becomes an instant with the dose rules of
 * wallClockToInstant (overlap → the first instant, gap → the instant the gap ends), so a
 * 22:00–06:00 night is 7 hours on the spring-forward night and 9 on the fall-back one.
 *
 * Pure functions of their input and the host's tzdata: call them from activities, never workflows.
 */
import { wallClockToInstant } from '../time/zoned-time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface RotationSlot {
  /** 1-based week of the cycle. */
  week: number;
  weekday: Weekday;
  /** 'HH:MM' local. */
  start: string;
  /** 'HH:MM' local; at or before `start`: the next day. */
  end: string;
  assigneeId: string | null;
  backupIds?: string[];
}

export interface RotationTiming {
  timeZone: string;
  cycleWeeks: number;
  slots: RotationSlot[];
  /** 'YYYY-MM-DD' local, first day with shifts. */
  startsOn: string;
  /** 'YYYY-MM-DD' local, last day with shifts (a shift starting that day runs to its end); null: no end. */
  endsOn: string | null;
}

export interface ExpandedShift {
  /** `YYYY-MM-DDTHH:MM` of its local start, `#n` appended for the n-th (from 2) slot at that same start: stable across edits. */
  slotKey: string;
  startLocal: string;
  startUtc: string;
  endUtc: string;
  /** Actual length: 22:00–06:00 is 420 minutes on the spring-forward night, 540 on the fall-back one. */
  minutes: number;
  assigneeId: string | null;
  backupIds: string[];
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** A local date as a day number (UTC midnight ms / day): date arithmetic without any zone. */
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => iso(day * DAY_MS).slice(0, 10);
/** 0 = Monday (1970-01-01, day 0, was a Thursday). */
const weekdayIndex = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The cycle week (1-based) a local date falls in. */
export function cycleWeekOf(timing: Pick<RotationTiming, 'cycleWeeks' | 'startsOn'>, date: string): number {
  const start = dayNumber(timing.startsOn);
  const weekOneMonday = start - weekdayIndex(start);
  const weeks = Math.floor((dayNumber(date) - weekOneMonday) / 7);
  return (((weeks % timing.cycleWeeks) + timing.cycleWeeks) % timing.cycleWeeks) + 1;
}

/** The slots of one local date, as shifts with their instants. */
export function shiftsOnDate(timing: RotationTiming, date: string): ExpandedShift[] {
  const day = dayNumber(date);
  if (day < dayNumber(timing.startsOn) || (timing.endsOn && day > dayNumber(timing.endsOn))) return [];
  const week = cycleWeekOf(timing, date);
  const weekday = WEEKDAYS[weekdayIndex(day)]!;
  const seen = new Map<string, number>();
  return timing.slots
    .filter((s) => s.week === week && s.weekday === weekday)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((slot) => {
      const startLocal = `${date}T${slot.start}`;
      const n = (seen.get(startLocal) ?? 0) + 1;
      seen.set(startLocal, n);
      const startMs = wallClockToInstant(timing.timeZone, date, slot.start);
      const endDate = slot.end <= slot.start ? dateOf(day + 1) : date;
      const endMs = wallClockToInstant(timing.timeZone, endDate, slot.end);
      return {
        slotKey: n === 1 ? startLocal : `${startLocal}#${n}`,
        startLocal,
        startUtc: iso(startMs),
        endUtc: iso(endMs),
        minutes: Math.round((endMs - startMs) / 60_000),
        assigneeId: slot.assigneeId,
        backupIds: slot.backupIds ?? [],
      };
    })
    .filter((s) => s.minutes > 0);
}

/**
 * Every shift whose start is in [fromUtc, untilUtc), by start. Dates are scanned from a
 * day before `fromUtc` (any zone's local date there) to a day after `untilUtc`.
 */
export function expandRotation(timing: RotationTiming, window: { fromUtc: string; untilUtc: string }): ExpandedShift[] {
  const from = Date.parse(window.fromUtc);
  const until = Date.parse(window.untilUtc);
  const out: ExpandedShift[] = [];
  const first = Math.max(Math.floor(from / DAY_MS) - 1, dayNumber(timing.startsOn));
  for (let day = first; day <= Math.floor(until / DAY_MS) + 1; day++) {
    for (const s of shiftsOnDate(timing, dateOf(day))) {
      const at = Date.parse(s.startUtc);
      if (at >= from && at < until) out.push(s);
    }
  }
  return out.sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : 0));
}

/** A stored shift of a rotation, as far as the rotation's edits are concerned. */
export interface StoredShift {
  id: string;
  slotKey: string;
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
  backupIds: string[];
  override: boolean;
  state: string;
}

export interface ShiftChanges {
  insert: ExpandedShift[];
  /** Not yet started, not overridden, and the rotation now says otherwise. */
  update: { id: string; to: ExpandedShift }[];
  /** Not yet started, not overridden, and the rotation no longer has the slot. */
  cancel: string[];
}

/**
 * What applying the rotation to the stored shifts changes. Edits apply to shifts not yet
 * started: a shift that has begun (or is past) is history and stays as it was; an
 * override (given to someone by hand) wins over the rotation and stays too. A cancelled
 * slot that comes back is updated back to scheduled.
 */
export function diffShifts(expanded: ExpandedShift[], stored: StoredShift[], nowUtc: string): ShiftChanges {
  const now = Date.parse(nowUtc);
  const byKey = new Map(stored.map((s) => [s.slotKey, s]));
  const wanted = new Set(expanded.map((e) => e.slotKey));
  const changes: ShiftChanges = { insert: [], update: [], cancel: [] };
  const editable = (s: StoredShift) => !s.override && Date.parse(s.startUtc) > now;
  for (const e of expanded) {
    const s = byKey.get(e.slotKey);
    if (!s) {
      if (Date.parse(e.startUtc) > now) changes.insert.push(e);
      continue;
    }
    if (!editable(s)) continue;
    const same =
      s.startUtc === e.startUtc &&
      s.endUtc === e.endUtc &&
      s.assigneeId === e.assigneeId &&
      s.backupIds.join() === e.backupIds.join() &&
      s.state !== 'cancelled';
    if (!same) changes.update.push({ id: s.id, to: e });
  }
  for (const s of stored) if (!wanted.has(s.slotKey) && editable(s) && s.state !== 'cancelled') changes.cancel.push(s.id);
  return changes;
}
