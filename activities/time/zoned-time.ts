/**
 * Wall-clock time ↔ UTC instant in an IANA zone, with Intl's zone data (no dependency).
 *
 * Runs in activities only: the host's time-zone database decides these answers, and a
 * worker upgraded to newer tzdata could answer differently. Workflows receive the UTC
 * instants as activity results, which history records, so replay never redoes this math.
 */

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // h23: some ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at an instant, read as if it were UTC (ms). */
function wallMs(zone: string, instantMs: number): number {
  const p: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(instantMs))) p[part.type] = part.value;
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/** The zone's offset from UTC at an instant, in ms. */
export function offsetAt(zone: string, instantMs: number): number {
  const whole = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wallMs(zone, whole) - whole;
}

/** "YYYY-MM-DD" and "HH:MM" of the wall clock in `zone` at an instant. */
export function wallClockAt(zone: string, instantMs: number): { localDate: string; localTime: string } {
  const iso = new Date(wallMs(zone, instantMs)).toISOString();
  return { localDate: iso.slice(0, 10), localTime: iso.slice(11, 16) };
}

/**
 * The instant a wall-clock time happens in `zone`.
 * - Ambiguous (autumn overlap: 01:30 happens twice): the first occurrence, the earlier
 *   instant, so the dose fires once and as soon as its time is shown.
 * - Nonexistent (spring gap: 02:30 never happens): the instant the gap ends (03:00 local),
 *   the first moment the clock shows a time at or after the scheduled one. This differs
 *   from Temporal/ECMAScript "compatible" (which gives 03:30): a 02:30 dose must not
 *   come after a 03:00 one.
 */
export function wallClockToInstant(zone: string, localDate: string, localTime: string): number {
  const [y, mo, d] = localDate.split('-').map(Number) as [number, number, number];
  const [h, mi] = localTime.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Offsets a day either side cover any transition near this wall time.
  const offsetBefore = offsetAt(zone, wall - 86_400_000);
  const offsetAfter = offsetAt(zone, wall + 86_400_000);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter((i) => wallMs(zone, i) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap the offset grew from offsetBefore to offsetAfter at some instant T with
  // T + offsetBefore <= wall < T + offsetAfter, so T lies in (wall - offsetAfter, wall - offsetBefore].
  // Transitions fall on whole minutes: find the first minute already on the later offset.
  let lo = Math.floor((wall - offsetAfter) / MINUTE_MS); // still on the earlier offset
  let hi = Math.ceil((wall - offsetBefore) / MINUTE_MS); // on the later offset
  if (offsetAt(zone, hi * MINUTE_MS) !== offsetAfter) return wall - offsetBefore; // not a simple gap: no better answer
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * MINUTE_MS) === offsetAfter) hi = mid;
    else lo = mid;
  }
  return hi * MINUTE_MS;
}
