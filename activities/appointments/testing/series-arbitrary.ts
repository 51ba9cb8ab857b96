/**
 * fast-check generators of appointment series around DST changes: the start's time of day is often
 * within 90 minutes of the wall time a change happens at, the series starts up to ~13 months
 * before the change, and every window straddles it.
 */
import fc from 'fast-check';
import type { OccurrenceOverride, Recurrence } from '../../../api/contracts/appointments';
import type { SeriesTiming } from '../recurrence';
import { CHANGES, ZONES, dateOf, dayOf, oracleKeys, shiftKey, wallKey } from './recurrence-oracle';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const plainDays = fc.subarray([...WEEKDAYS], { minLength: 1 });
const ordinalDays = fc.uniqueArray(
  fc.tuple(fc.constantFrom(-5, -2, -1, 0, 1, 2, 3, 4, 5), fc.constantFrom(...WEEKDAYS)).map(([n, d]) => (n === 0 ? d : `${n}${d}`)),
  { minLength: 1, maxLength: 3 },
);
const monthDays = fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: -31, max: -1 })), { minLength: 1, maxLength: 3 });

/** A rule without its end and EXDATEs. */
const ruleShape = fc.oneof(
  fc.record({ freq: fc.constant('DAILY' as const), interval: fc.integer({ min: 1, max: 5 }), byDay: fc.option(plainDays, { nil: undefined }) }),
  fc.record({ freq: fc.constant('WEEKLY' as const), interval: fc.integer({ min: 1, max: 4 }), byDay: fc.option(plainDays, { nil: undefined }) }),
  fc.record({
    freq: fc.constant('MONTHLY' as const),
    interval: fc.integer({ min: 1, max: 3 }),
    byDay: fc.option(ordinalDays, { nil: undefined }),
    byMonthDay: fc.option(monthDays, { nil: undefined, freq: 3 }),
  }),
);

const ending = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 1, max: 80 }).map((count) => ({ count })),
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 1439 })).map(([days, minute]) => ({ untilAfter: { days, minute } })),
);

export interface SeriesCase {
  series: SeriesTiming;
  fromMs: number;
  untilMs: number;
  /** The DST change the case is built around. */
  change: number;
}

/** A series, with EXDATEs and overrides picked among its own occurrences, and a window around a DST change. */
export const seriesCases: fc.Arbitrary<SeriesCase> = fc
  .constantFrom(...ZONES.flatMap((zone) => CHANGES.get(zone)!.filter((c) => c.at > Date.UTC(2025, 3, 1) && c.at < Date.UTC(2029, 0, 1)).map((c) => ({ zone, c }))))
  .chain(({ zone, c }) => {
    const hot = Math.round((Date.parse(`${wallKey(zone, c.at - MINUTE)}:00Z`) % DAY) / MINUTE + 1) % 1440;
    return fc.record({
      zone: fc.constant(zone),
      change: fc.constant(c.at),
      minute: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: -90, max: 90 }).map((d) => (hot + d + 1440) % 1440)),
      startDaysBefore: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 400 })),
      recurring: fc.option(fc.tuple(ruleShape, ending), { nil: null, freq: 8 }),
      durationMinutes: fc.integer({ min: 5, max: 300 }),
      exPicks: fc.array(fc.nat(), { maxLength: 4 }),
      overridePicks: fc.array(
        fc.record({ pick: fc.nat(), cancelled: fc.boolean(), shift: fc.integer({ min: -3 * 1440, max: 3 * 1440 }), duration: fc.option(fc.integer({ min: 5, max: 240 }), { nil: undefined }) }),
        { maxLength: 4 },
      ),
      daysBefore: fc.integer({ min: 0, max: 45 }),
      daysAfter: fc.integer({ min: 1, max: 45 }),
    });
  })
  .map((g): SeriesCase => {
    const startDate = dateOf(dayOf(wallKey(g.zone, g.change).slice(0, 10)) - g.startDaysBefore);
    const start = `${startDate}T${hhmm(g.minute)}`;
    let recurrence: Recurrence | null = null;
    if (g.recurring) {
      const [shape, end] = g.recurring;
      const until = 'untilAfter' in end ? `${dateOf(dayOf(startDate) + end.untilAfter.days)}T${hhmm(end.untilAfter.minute)}` : undefined;
      recurrence = { ...shape, exDates: [], ...('count' in end ? { count: end.count } : {}), ...(until ? { until } : {}) };
    }
    const fromMs = g.change - g.daysBefore * DAY;
    const untilMs = g.change + g.daysAfter * DAY;
    // EXDATEs and overrides name real occurrences (plus a stale override that names none).
    const keys = oracleKeys({ start, recurrence }, dateOf(Math.floor(untilMs / DAY) + 3));
    const pick = (n: number) => keys[n % Math.max(keys.length, 1)];
    if (recurrence) recurrence.exDates = [...new Set(g.exPicks.map(pick).filter((k): k is string => k !== undefined))];
    const overrides = new Map<string, OccurrenceOverride>();
    for (const o of g.overridePicks) {
      const key = pick(o.pick);
      if (key === undefined) continue;
      overrides.set(
        key,
        o.cancelled
          ? { key, status: 'cancelled' }
          : { key, status: 'moved', start: shiftKey(key, o.shift), ...(o.duration ? { durationMinutes: o.duration } : {}) },
      );
    }
    overrides.set(shiftKey(start, 7), { key: shiftKey(start, 7), status: 'cancelled' });
    return { series: { start, timeZone: g.zone, durationMinutes: g.durationMinutes, recurrence, overrides: [...overrides.values()] }, fromMs, untilMs, change: g.change };
  });
