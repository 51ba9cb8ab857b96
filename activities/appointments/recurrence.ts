/**
 * Appointment occurrences from a series' RFC 5545 rule, overrides and EXDATEs.
 *
 * The rule is expanded in floating wall-clock time: each "YYYY-MM-DDTHH:MM" of the series' zone
 * is handed to rrule as if it were a UTC date (no TZID), so a 09:30 visit is 09:30 on every day
 * the rule picks, whatever the zone's offset does. Only then does each wall clock become an
 * instant, with the dose rules of wallClockToInstant (overlap → the first instant, gap → the
 * instant the gap ends). rrule's own TZID support converts through the host's local zone and is
 * not used.
 *
 * The occurrences are the dates the rule generates (as rrule and python-dateutil do): a start that
 * the rule does not pick is not itself an occurrence, and COUNT counts generated dates, EXDATEd
 * ones included (RFC 5545 removes EXDATEs after COUNT is applied).
 *
 * Pure functions of their input and the host's tzdata: call them from activities, never workflows.
 */
import * as rrulePkg from 'rrule';
import type { LocalDateTime, OccurrenceOverride, Recurrence } from '../../api/contracts/appointments';
import { wallClockAt, wallClockToInstant } from '../time/zoned-time';

// rrule ships CommonJS to Node: its exports sit on `default` at run time, on the namespace in its types.
const { RRule, Weekday } = (rrulePkg as unknown as { default?: typeof rrulePkg }).default ?? rrulePkg;
type RRule = InstanceType<typeof RRule>;

export interface SeriesTiming {
  start: LocalDateTime;
  timeZone: string;
  durationMinutes: number;
  recurrence: Recurrence | null;
  overrides: OccurrenceOverride[];
}

export interface Occurrence {
  /** The original local start: the occurrence's identity, kept when it is moved. */
  key: string;
  /** The local start it happens at (the override's, when moved). */
  start: LocalDateTime;
  startUtc: string;
  endUtc: string;
  status: 'scheduled' | 'cancelled';
  moved: boolean;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const END_OF_CALENDAR = new Date(Date.UTC(9999, 11, 31));
/** How far nextOccurrences looks: a rule that never matches again (5MO on the 1st) must not scan to 9999. */
const LOOK_AHEAD_MS = 100 * 366 * DAY_MS;
const WEEKDAY_INDEX = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 } as const;

/** A local wall clock as the UTC date rrule expands in, and back. */
const floating = (wall: string): Date => new Date(`${wall}:00Z`);
const wallOf = (d: Date): LocalDateTime => d.toISOString().slice(0, 16);

export function instantOf(timeZone: string, wall: LocalDateTime): number {
  return wallClockToInstant(timeZone, wall.slice(0, 10), wall.slice(11, 16));
}

/**
 * BYDAY as rrule should read it. RFC 5545 lists alternatives ("MO,2TU": every Monday and the 2nd
 * Tuesday), but rrule intersects plain and numbered weekdays (nothing is both), so in a monthly
 * rule that mixes them a plain MO becomes 1MO…5MO, which rrule unites like any numbered ones.
 */
function monthlyWeekdays(r: Recurrence): string[] | undefined {
  const mixed = r.freq === 'MONTHLY' && r.byDay?.some((d) => d.length > 2) && r.byDay.some((d) => d.length === 2);
  return mixed ? r.byDay?.flatMap((d) => (d.length > 2 ? [d] : [1, 2, 3, 4, 5].map((n) => `${n}${d}`))) : r.byDay;
}

/** The rule over floating wall clocks. WKST is Monday, the RFC 5545 default (it matters for weekly INTERVAL > 1). */
function ruleOf(r: Recurrence, start: LocalDateTime): RRule {
  return new RRule({
    freq: { DAILY: RRule.DAILY, WEEKLY: RRule.WEEKLY, MONTHLY: RRule.MONTHLY }[r.freq],
    interval: r.interval,
    wkst: RRule.MO,
    byweekday: monthlyWeekdays(r)?.map((d) => new Weekday(WEEKDAY_INDEX[d.slice(-2) as keyof typeof WEEKDAY_INDEX], Number(d.slice(0, -2)) || undefined)) ?? null,
    bymonthday: r.byMonthDay ?? null,
    count: r.count ?? null,
    until: r.until ? floating(r.until) : null,
    dtstart: floating(start),
  });
}

/**
 * Whether a monthly rule with BYDAY/BYMONTHDAY picks any day at all ("5MO" on the 1st never comes;
 * nor does the 29th in a two-yearly February of odd years). rrule looks for one up to the year 9999,
 * seconds of CPU, so such a rule is settled here. The Gregorian calendar repeats every 400 years.
 */
function everMatches(r: Recurrence, start: LocalDateTime): boolean {
  if (r.freq !== 'MONTHLY' || (r.byDay === undefined && r.byMonthDay === undefined)) return true;
  const byDay = (r.byDay ?? []).map((d) => ({ ordinal: Number(d.slice(0, -2)) || null, weekday: WEEKDAY_INDEX[d.slice(-2) as keyof typeof WEEKDAY_INDEX] }));
  let month = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1;
  for (let i = 0; i < 4800; i += 1, month += r.interval) {
    const length = new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate();
    const firstWeekday = (new Date(Date.UTC(Math.floor(month / 12), month % 12, 1)).getUTCDay() + 6) % 7; // Monday = 0
    for (let day = 1; day <= length; day += 1) {
      const weekday = (firstWeekday + day - 1) % 7;
      const dayOk = r.byMonthDay?.some((n) => (n > 0 ? n : length + 1 + n) === day) ?? true;
      const weekdayOk =
        r.byDay === undefined ||
        byDay.some((b) => b.weekday === weekday && (b.ordinal === null || (b.ordinal > 0 ? Math.ceil(day / 7) : -Math.ceil((length + 1 - day) / 7)) === b.ordinal));
      if (dayOk && weekdayOk) return true;
    }
  }
  return false;
}

/** Starts the rule generates in [fromWall, untilWall] (EXDATEd ones too), in order, while `more` says go on. */
function generated(r: Recurrence, start: LocalDateTime, fromWall: Date, untilWall: Date, more: (key: LocalDateTime) => boolean = () => true): LocalDateTime[] {
  if (!everMatches(r, start)) return [];
  const keys: LocalDateTime[] = [];
  ruleOf(r, start).between(fromWall, untilWall, true, (d) => {
    keys.push(wallOf(d));
    return more(wallOf(d));
  });
  return keys;
}

/** Original keys in [fromWall, untilWall] in order, EXDATEs dropped; `more` sees each kept key and answers whether to go on. */
function scanKeys(series: SeriesTiming, fromWall: Date, untilWall: Date, more: (key: LocalDateTime) => boolean): LocalDateTime[] {
  const { recurrence: r, start } = series;
  if (!r) {
    const s = floating(start);
    return s >= fromWall && s <= untilWall ? [start] : [];
  }
  const exDates = new Set(r.exDates);
  return generated(r, start, fromWall, untilWall, (k) => exDates.has(k) || more(k)).filter((k) => !exDates.has(k));
}

/** The first start the rule generates (DTSTART itself only if the rule picks it), or null if none. */
export function firstGeneratedStart(r: Recurrence, start: LocalDateTime): LocalDateTime | null {
  return generated(r, start, floating(start), END_OF_CALENDAR, () => false)[0] ?? null;
}

const KEY_SHAPE = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/;

function occurrence(series: SeriesTiming, key: LocalDateTime, override: OccurrenceOverride | undefined): Occurrence {
  const start = override?.start ?? key;
  const startMs = instantOf(series.timeZone, start);
  // Durations are elapsed time: a 2-hour visit lasts 2 hours even across a clock change.
  const endMs = startMs + (override?.durationMinutes ?? series.durationMinutes) * MINUTE_MS;
  return {
    key,
    start,
    startUtc: new Date(startMs).toISOString(),
    endUtc: new Date(endMs).toISOString(),
    status: override?.status === 'cancelled' ? 'cancelled' : 'scheduled',
    moved: override?.status === 'moved',
  };
}

/**
 * The occurrences that original keys name, overrides applied, in key order; keys the series does
 * not generate (EXDATEd, stale, malformed) are left out. One pass of the rule covers them all.
 */
export function occurrencesAt(series: SeriesTiming, keys: string[]): Occurrence[] {
  const wanted = [...new Set(keys)].filter((k) => KEY_SHAPE.test(k) && !Number.isNaN(floating(k).getTime())).sort();
  const [first, last] = [wanted[0], wanted.at(-1)];
  if (first === undefined || last === undefined) return [];
  const generated = new Set(scanKeys(series, floating(first), floating(last), () => true));
  return wanted.filter((k) => generated.has(k)).map((k) => occurrence(series, k, series.overrides.find((o) => o.key === k)));
}

/** The occurrence an original key names (override applied), or null if the series has no such occurrence. */
export function occurrenceAt(series: SeriesTiming, key: string): Occurrence | null {
  return occurrencesAt(series, [key])[0] ?? null;
}

export const isOccurrenceKey = (series: SeriesTiming, key: string): boolean => occurrenceAt(series, key) !== null;

/** Overridden occurrences (stale overrides, whose key the rule no longer generates, are ignored). */
const overridden = (series: SeriesTiming): Occurrence[] => occurrencesAt(series, series.overrides.map((o) => o.key));

const byStart = (a: Occurrence, b: Occurrence) => a.startUtc.localeCompare(b.startUtc) || a.key.localeCompare(b.key);

/**
 * Every occurrence whose (possibly moved) start is in [fromUtc, untilUtc), sorted by start;
 * cancelled ones included with status 'cancelled', EXDATEs left out.
 */
export function expandOccurrences(series: SeriesTiming, window: { fromUtc: string; untilUtc: string }): Occurrence[] {
  const from = Date.parse(window.fromUtc);
  const until = Date.parse(window.untilUtc);
  if (!(from < until)) return [];
  const overrideKeys = new Set(series.overrides.map((o) => o.key));
  // A wall clock is within a day of its instant (offsets stay within ±14 h): scan wider, then filter by instant.
  const keys = scanKeys(series, new Date(from - DAY_MS), new Date(until + DAY_MS), () => true);
  return [...keys.filter((k) => !overrideKeys.has(k)).map((k) => occurrence(series, k, undefined)), ...overridden(series)]
    .filter((o) => Date.parse(o.startUtc) >= from && Date.parse(o.startUtc) < until)
    .sort(byStart);
}

/** The first `limit` occurrences starting strictly after `afterUtc` (cancelled ones included). */
export function nextOccurrences(series: SeriesTiming, afterUtc: string, limit: number): Occurrence[] {
  const after = Date.parse(afterUtc);
  if (limit <= 0) return [];
  const overrideKeys = new Set(series.overrides.map((o) => o.key));
  // Unmoved starts are their keys, in order: once `limit` of them are later than `after`, later keys cannot make the cut.
  let found = 0;
  const keys = scanKeys(series, new Date(after - DAY_MS), new Date(after + LOOK_AHEAD_MS), (k) => {
    if (!overrideKeys.has(k) && instantOf(series.timeZone, k) > after) found += 1;
    return found < limit;
  });
  return [...keys.filter((k) => !overrideKeys.has(k)).map((k) => occurrence(series, k, undefined)), ...overridden(series)]
    .filter((o) => Date.parse(o.startUtc) > after)
    .sort(byStart)
    .slice(0, limit);
}

/**
 * "This and following" (as Google Calendar does it): the old series ends just before `atKey`,
 * a new one starts at `atKey` with the rest. COUNT is shared out between the halves; otherwise the
 * old half gets UNTIL = its last generated start. `before` is null when nothing precedes `atKey`
 * (the old series simply ends). Overrides and EXDATEs follow their keys: those before `atKey` stay.
 */
export function splitSeries(
  series: SeriesTiming,
  atKey: string,
): { before: Recurrence | null; after: { start: LocalDateTime; recurrence: Recurrence | null } } {
  const r = series.recurrence;
  if (!r) throw new Error('a single appointment has no following occurrences to split off');
  const at = floating(atKey);
  if (!KEY_SHAPE.test(atKey) || generated(r, series.start, at, at).length !== 1) throw new Error(`${atKey} is not an occurrence of this series`);
  // Generated dates before atKey, EXDATEd ones included: COUNT counts them.
  const earlier = generated(r, series.start, floating(series.start), new Date(at.getTime() - 1));
  const last = earlier.at(-1);
  const { count, until: _until, exDates, ...shape } = r;
  const before: Recurrence | null =
    last === undefined
      ? null
      : count === undefined
        ? { ...shape, until: last, exDates: exDates.filter((d) => d < atKey) }
        : { ...shape, count: earlier.length, exDates: exDates.filter((d) => d < atKey) };
  const rest = exDates.filter((d) => d >= atKey);
  return {
    before,
    after: { start: atKey, recurrence: count === undefined ? { ...r, exDates: rest } : { ...shape, count: count - earlier.length, exDates: rest } },
  };
}

/** "YYYYMMDDTHHMMSS" (an iCalendar local DATE-TIME) from "YYYY-MM-DDTHH:MM". */
export const icsDateTime = (wall: string): string => `${wall.replace(/[-:]/g, '')}00`;

/** The last start the rule generates at or before UNTIL, or null if it generates none. */
export function lastGeneratedStart(r: Recurrence, start: LocalDateTime): LocalDateTime | null {
  if (r.until === undefined) return null;
  return generated(r, start, floating(start), floating(r.until)).at(-1) ?? null;
}

/**
 * RRULE (and EXDATE) content lines for a VEVENT whose DTSTART carries TZID=timeZone.
 * RFC 5545 wants UNTIL in UTC there. Readers disagree on where a local time inside a DST gap
 * falls, so UNTIL is the end of the last occurrence's local day: after the last occurrence in
 * every reading, before the next (which is on a later day).
 */
export function toRRuleString(r: Recurrence, timeZone: string, start: LocalDateTime): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byDay?.length) parts.push(`BYDAY=${r.byDay.join(',')}`);
  if (r.byMonthDay?.length) parts.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
  if (r.count !== undefined) parts.push(`COUNT=${r.count}`);
  if (r.until !== undefined) {
    // No start at all: an UNTIL before DTSTART leaves only what a reader does with DTSTART, so end there.
    const lastDay = (lastGeneratedStart(r, start) ?? start).slice(0, 10);
    const endOfDay = instantOf(timeZone, `${lastDay}T23:59`) + 59_000;
    parts.push(`UNTIL=${new Date(endOfDay).toISOString().replace(/[-:]|\.\d{3}/g, '')}`);
  }
  parts.push('WKST=MO');
  const lines = [`RRULE:${parts.join(';')}`];
  if (r.exDates.length > 0) lines.push(`EXDATE;TZID=${timeZone}:${[...r.exDates].sort().map((d) => icsDateTime(d)).join(',')}`);
  return lines.join('\r\n');
}

/** The local wall clock an instant shows in the zone, as a LocalDateTime. */
export function wallAt(timeZone: string, instantMs: number): LocalDateTime {
  const { localDate, localTime } = wallClockAt(timeZone, instantMs);
  return `${localDate}T${localTime}`;
}
