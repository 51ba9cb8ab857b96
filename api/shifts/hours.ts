import { wallClockAt } from '../../activities/time/zoned-time';

/**
 * Hours per person per week. A shift counts in the week of its local start (weeks start on
 * Monday in the shift's own zone), so a Sunday night shift stays in one week. Lengths come
 * from instants: a 22:00–06:00 night is 7 hours when the clocks spring forward, 9 when they
 * fall back.
 */

const DAY_MS = 86_400_000;

/** The Monday (YYYY-MM-DD) of the local week holding `atMs` in `zone`. */
export function weekStartOf(zone: string, atMs: number): string {
  const { localDate } = wallClockAt(zone, atMs);
  const day = Date.parse(`${localDate}T00:00:00Z`) / DAY_MS;
  const mondayIndex = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return new Date((day - mondayIndex) * DAY_MS).toISOString().slice(0, 10);
}

export interface HoursShift {
  timeZone: string;
  startMs: number;
  endMs: number;
  assigneeId: string | null;
  /** Checked in: who worked and when; null before (or without) a check-in. */
  worked: { userId: string; fromMs: number; toMs: number | null } | null;
}

export interface WeekHours {
  weekStart: string;
  userId: string;
  /** Hours of the shifts given to them. */
  scheduledHours: number;
  /** Check-in to check-out (to now while on shift). */
  workedHours: number;
  shifts: number;
}

const round2 = (h: number) => Math.round(h * 100) / 100;

export function hoursPerWeek(shifts: HoursShift[], nowMs: number): WeekHours[] {
  const byKey = new Map<string, WeekHours>();
  const entry = (weekStart: string, userId: string) => {
    const key = `${weekStart}/${userId}`;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { weekStart, userId, scheduledHours: 0, workedHours: 0, shifts: 0 }));
    return e;
  };
  for (const s of shifts) {
    const week = weekStartOf(s.timeZone, s.startMs);
    if (s.assigneeId) {
      const e = entry(week, s.assigneeId);
      e.scheduledHours += (s.endMs - s.startMs) / 3_600_000;
      e.shifts += 1;
    }
    if (s.worked) {
      const to = s.worked.toMs ?? nowMs;
      entry(week, s.worked.userId).workedHours += Math.max(0, to - s.worked.fromMs) / 3_600_000;
    }
  }
  return [...byKey.values()]
    .map((e) => ({ ...e, scheduledHours: round2(e.scheduledHours), workedHours: round2(e.workedHours) }))
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.userId.localeCompare(b.userId));
}

/** Stretches of [fromMs, toMs) not covered by any of `covered` (intervals may overlap). */
export function uncoveredStretches(covered: { startMs: number; endMs: number }[], fromMs: number, toMs: number): { fromMs: number; toMs: number }[] {
  const sorted = [...covered].sort((a, b) => a.startMs - b.startMs);
  const gaps: { fromMs: number; toMs: number }[] = [];
  let cursor = fromMs;
  for (const c of sorted) {
    if (c.endMs <= cursor) continue;
    if (c.startMs >= toMs) break;
    if (c.startMs > cursor) gaps.push({ fromMs: cursor, toMs: c.startMs });
    cursor = Math.max(cursor, c.endMs);
  }
  if (cursor < toMs) gaps.push({ fromMs: cursor, toMs });
  return gaps;
}
