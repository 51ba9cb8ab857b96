/**
 * VTIMEZONE components (RFC 5545 §3.6.5) built from the host's tzdata for a range of instants.
 *
 * Google and Apple Calendar know IANA names and read TZID alone, but Outlook and strict parsers
 * (ical.js among them) take a zone's rules only from the VTIMEZONE in the file. Each offset change
 * in the range becomes one STANDARD or DAYLIGHT onset with its exact instant, so no rule has to be
 * guessed from the data. Beyond the range a reader keeps the last offset: callers cover every event
 * they publish, and a subscribed feed is rebuilt on every fetch, so its range moves with time.
 */
import { offsetAt } from '../time/zoned-time';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A change of the zone's UTC offset at instant `at`, offsets in ms. */
export interface Transition {
  at: number;
  from: number;
  to: number;
}

/** The instants in [fromMs, toMs] at which the zone's offset changes, to the minute. */
export function offsetTransitions(zone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  // Daily probes: no zone changes its offset twice within a day.
  for (let day = fromMs; day < toMs; day += DAY_MS) {
    const before = offsetAt(zone, day);
    const after = offsetAt(zone, day + DAY_MS);
    if (before === after) continue;
    let lo = Math.floor(day / MINUTE_MS);
    let hi = Math.floor((day + DAY_MS) / MINUTE_MS);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(zone, mid * MINUTE_MS) === before) lo = mid;
      else hi = mid;
    }
    if (hi * MINUTE_MS <= toMs) out.push({ at: hi * MINUTE_MS, from: before, to: after });
  }
  return out;
}

/** "+0530", "-0300", "+1030" (an offset in ms). */
function utcOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE_MS);
  return `${ms < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

/** "YYYYMMDDTHHMMSS" of a wall clock held as a UTC date. */
const localStamp = (wallMs: number) => new Date(wallMs).toISOString().replace(/[-:]|\.\d{3}Z$/g, '');

/**
 * Content lines of one VTIMEZONE valid from `fromMs` through the last of `changes`
 * (offsetTransitions of the range) and on until the zone's next change after them.
 */
export function vtimezoneLines(zone: string, fromMs: number, changes: Transition[]): string[] {
  // Where `changes` were looked for from: an earlier start could precede a change they lack.
  const start = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
  const initial = offsetAt(zone, start);
  // The lowest offset in use is standard time; anything above it is daylight saving.
  const standard = Math.min(initial, ...changes.map((c) => c.to));
  const onset = (kind: 'STANDARD' | 'DAYLIGHT', wallMs: number, from: number, to: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${localStamp(wallMs)}`,
    `TZOFFSETFROM:${utcOffset(from)}`,
    `TZOFFSETTO:${utcOffset(to)}`,
    `END:${kind}`,
  ];
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    // The offset in force when the range begins, then each change, dated in the offset it leaves.
    ...onset(initial > standard ? 'DAYLIGHT' : 'STANDARD', start + initial, initial, initial),
    ...changes.flatMap((c) => onset(c.to > standard ? 'DAYLIGHT' : 'STANDARD', c.at + c.from, c.from, c.to)),
    'END:VTIMEZONE',
  ];
}
