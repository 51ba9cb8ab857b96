/**
 * Quiet hours are wall-clock times in the person's own zone, so their end is found with
 * Intl's zone data, never with a fixed offset: on the night clocks change, "07:00" is
 * 7 or 9 hours after "22:00", not 9 hours after it every night.
 */

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(zone: string, instantMs: number): LocalDateTime {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute! };
}

/** The zone's offset from UTC at an instant, in ms (whole minutes). */
function offsetAt(zone: string, instantMs: number): number {
  const l = localParts(zone, instantMs);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(instantMs / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time happens in a zone. In the spring gap (02:30 that never
 * happens) it is the moment after the gap, as if the clock had not jumped; in the autumn
 * overlap (01:30 twice) it is the first one. Same rule as Temporal's "compatible".
 */
export function zonedToInstant(zone: string, t: LocalDateTime): number {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const before = offsetAt(zone, asUtc - 86_400_000);
  const after = offsetAt(zone, asUtc + 86_400_000);
  const valid = [...new Set([before, after])].map((o) => asUtc - o).filter((i) => offsetAt(zone, i) === asUtc - i);
  if (valid.length > 0) return Math.min(...valid);
  return asUtc - before;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours that `now` falls in end, or null if `now` is not in them.
 * A window whose start is after its end runs across midnight (22:00–07:00); a window
 * that starts and ends at the same minute is empty.
 */
export function quietHoursEnd(zone: string, quiet: { start: string; end: string }, now: Date): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = localParts(zone, now.getTime());
  const current = local.hour * 60 + local.minute;
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? current >= start || current < end : current >= start && current < end;
  if (!inside) return null;
  // Before midnight in a window that crosses it, the end is tomorrow's date.
  const endsTomorrow = crossesMidnight && current >= start;
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  return new Date(
    zonedToInstant(zone, {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(end / 60),
      minute: end % 60,
    }),
  );
}
