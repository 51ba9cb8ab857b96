/**
 * An independent brute-force reading of a series, for property tests: it walks the calendar day
 * by day and decides each day from RFC 5545's definitions (no rrule), and it reads offsets from
 * Intl's offset names ("GMT+10:30"), not from the wall-clock arithmetic of zoned-time.ts.
 */
import assert from 'node:assert/strict';
import type { Recurrence } from '../../../api/contracts/appointments';
import type { Occurrence, SeriesTiming } from '../recurrence';

const MINUTE = 60_000;
const DAY = 86_400_000;
export const ZONES = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago'];

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
export function offsetMs(zone: string, ms: number): number {
  let f = offsetFormatters.get(zone);
  if (!f) offsetFormatters.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
  assert.ok(m, `unexpected offset name ${name}`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
}

/** "YYYY-MM-DDTHH:MM" on the zone's wall clock at an instant. */
export const wallKey = (zone: string, ms: number) => new Date(ms + offsetMs(zone, ms)).toISOString().slice(0, 16);
const wallMs = (key: string) => Date.parse(`${key}:00Z`);
export const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
export const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export interface Change {
  at: number;
  from: number;
  to: number;
}

/** Offset changes in [2024, 2040), to the minute. */
function changes(zone: string): Change[] {
  const out: Change[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2040, 0, 1); t += DAY) {
    const [from, to] = [offsetMs(zone, t), offsetMs(zone, t + DAY)];
    if (from === to) continue;
    let [lo, hi] = [t / MINUTE, (t + DAY) / MINUTE];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMs(zone, mid * MINUTE) === from) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi * MINUTE, from, to });
  }
  return out;
}
export const CHANGES = new Map(ZONES.map((z) => [z, changes(z)]));

/** The dose rules, from offsets alone: the earliest instant showing the wall clock, else the end of the gap it falls in. */
export function oracleInstant(zone: string, key: string): number {
  const w = wallMs(key);
  const zoneChanges = CHANGES.get(zone)!;
  const offsets = new Set([offsetMs(zone, w), ...zoneChanges.flatMap((c) => [c.from, c.to])]);
  const showing = [...offsets].map((o) => w - o).filter((i) => wallKey(zone, i) === key);
  if (showing.length > 0) return Math.min(...showing);
  const gap = zoneChanges.find((c) => c.at + c.from <= w && w < c.at + c.to);
  assert.ok(gap, `${key} in ${zone} is neither shown nor in a known gap`);
  return gap.at;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const weekdayOf = (day: number) => (new Date(day * DAY).getUTCDay() + 6) % 7; // Monday = 0
const monthIndex = (day: number) => new Date(day * DAY).getUTCFullYear() * 12 + new Date(day * DAY).getUTCMonth();

/** Whether the rule, anchored at startDay, picks `day` (RFC 5545 §3.3.10, WKST=MO). */
export function picks(r: Recurrence, startDay: number, day: number): boolean {
  const weekday = weekdayOf(day);
  const byDay = (r.byDay ?? []).map((d) => ({ n: d.length > 2 ? Number(d.slice(0, -2)) : 0, weekday: WEEKDAYS.indexOf(d.slice(-2)) }));
  switch (r.freq) {
    case 'DAILY':
      return (day - startDay) % r.interval === 0 && (byDay.length === 0 || byDay.some((b) => b.weekday === weekday));
    case 'WEEKLY': {
      const weeks = (day - weekday - (startDay - weekdayOf(startDay))) / 7;
      return weeks % r.interval === 0 && (byDay.length === 0 ? weekday === weekdayOf(startDay) : byDay.some((b) => b.weekday === weekday));
    }
    case 'MONTHLY': {
      if ((monthIndex(day) - monthIndex(startDay)) % r.interval !== 0) return false;
      const date = new Date(day * DAY).getUTCDate();
      const length = new Date(Date.UTC(new Date(day * DAY).getUTCFullYear(), new Date(day * DAY).getUTCMonth() + 1, 0)).getUTCDate();
      if (r.byDay === undefined && r.byMonthDay === undefined) return date === new Date(startDay * DAY).getUTCDate();
      const nth = Math.floor((date - 1) / 7) + 1; // 1st..5th such weekday of the month
      const nthFromEnd = Math.floor((length - date) / 7) + 1; // 1 = the last one
      const dayOk = r.byMonthDay === undefined || r.byMonthDay.some((n) => (n > 0 ? date === n : date === length + 1 + n));
      const weekdayOk = byDay.length === 0 || byDay.some((b) => b.weekday === weekday && (b.n === 0 || (b.n > 0 ? nth === b.n : nthFromEnd === -b.n)));
      return dayOk && weekdayOk;
    }
  }
}

/** Generated original keys (EXDATEs not yet removed) from the start through `lastDate`, honouring COUNT and UNTIL. */
export function oracleKeys(series: Pick<SeriesTiming, 'start' | 'recurrence'>, lastDate: string): string[] {
  const { start, recurrence: r } = series;
  if (!r) return start.slice(0, 10) <= lastDate ? [start] : [];
  const startDay = dayOf(start.slice(0, 10));
  const keys: string[] = [];
  for (let day = startDay; day <= dayOf(lastDate); day += 1) {
    const key = `${dateOf(day)}T${start.slice(11)}`;
    if (r.until !== undefined && key > r.until) break;
    if (!picks(r, startDay, day)) continue;
    keys.push(key);
    if (keys.length === r.count) break;
  }
  return keys;
}

/** What expandOccurrences should answer, by brute force. Moved overrides stay within `slackDays` of their key. */
export function oracleOccurrences(series: SeriesTiming, fromMs: number, untilMs: number, slackDays = 4): Occurrence[] {
  const exDates = new Set(series.recurrence?.exDates ?? []);
  const keys = oracleKeys(series, dateOf(Math.floor(untilMs / DAY) + 2 + slackDays)).filter((k) => !exDates.has(k));
  return keys
    .map((key): Occurrence => {
      const o = series.overrides.find((x) => x.key === key);
      const start = o?.start ?? key;
      const startMs = oracleInstant(series.timeZone, start);
      return {
        key,
        start,
        startUtc: new Date(startMs).toISOString(),
        endUtc: new Date(startMs + (o?.durationMinutes ?? series.durationMinutes) * MINUTE).toISOString(),
        status: o?.status === 'cancelled' ? 'cancelled' : 'scheduled',
        moved: o?.status === 'moved',
      };
    })
    .filter((o) => Date.parse(o.startUtc) >= fromMs && Date.parse(o.startUtc) < untilMs)
    .sort((a, b) => a.startUtc.localeCompare(b.startUtc) || a.key.localeCompare(b.key));
}

/** A wall clock `minutes` later (or earlier), as a key. */
export const shiftKey = (key: string, minutes: number) => new Date(wallMs(key) + minutes * MINUTE).toISOString().slice(0, 16);
