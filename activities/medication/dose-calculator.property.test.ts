/**
 * Property tests of the dose calculator across every DST transition of 2025–2027 in zones
 * with one-hour, half-hour, midnight-crossing and no shifts. The oracle here reads offsets with
 * Intl's `longOffset` names ("GMT+10:30"), a different path from the calculator's own
 * wall-clock arithmetic, and knows the pattern rules from the calendar alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { doseInstantsBetween, nextDose, type DoseInstant } from './dose-calculator';
import type { DoseTiming } from './schedule';

const MINUTE = 60_000;
const DAY = 86_400_000;
// Santiago changes at midnight; Nuuk's spring gap (23:00–00:00) ends on the next day.
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'Australia/Sydney', 'America/Nuuk'];
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

// ---- oracle: offsets and wall clocks from Intl's offset names --------------------------

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function offsetMs(zone: string, ms: number): number {
  let f = offsetFormatters.get(zone);
  if (!f) offsetFormatters.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value; // "GMT", "GMT-04:00"
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
  assert.ok(m, `unexpected offset name ${name}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE;
}
/** "YYYY-MM-DDTHH:MM" on the zone's wall clock: the same shape as a doseKey. */
const wallKey = (zone: string, ms: number) => new Date(ms + offsetMs(zone, ms)).toISOString().slice(0, 16);
/** A doseKey read as if it were UTC, to compare wall clocks as numbers. */
const wallOfKey = (key: string) => Date.parse(`${key}:00Z`);
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** Instants in [2025, 2028) at which the zone's offset changes, to the minute. */
function transitions(zone: string): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += DAY) {
    if (offsetMs(zone, t) === offsetMs(zone, t + DAY)) continue;
    let lo = t / MINUTE;
    let hi = (t + DAY) / MINUTE;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMs(zone, mid * MINUTE) === offsetMs(zone, t)) lo = mid;
      else hi = mid;
    }
    out.push(hi * MINUTE);
  }
  return out;
}
const TRANSITIONS = new Map(ZONES.map((z) => [z, transitions(z)]));

test('the oracle sees the transitions: two a year where DST is kept, none in Kolkata', () => {
  for (const zone of ZONES) assert.equal(TRANSITIONS.get(zone)!.length, zone === 'Asia/Kolkata' ? 0 : 6, zone);
  // Spot checks against the published rules.
  assert.ok(TRANSITIONS.get('America/New_York')!.includes(Date.parse('2026-03-08T07:00:00Z')));
  assert.ok(TRANSITIONS.get('Australia/Lord_Howe')!.includes(Date.parse('2026-10-03T15:30:00Z')));
});

// ---- arbitraries ----------------------------------------------------------------------

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Times of day, half of them within 75 minutes of the wall time a transition happens at. */
const timesOfDay = (hot: number | null) => {
  const anyTime = fc.integer({ min: 0, max: 1439 });
  const time = hot === null ? anyTime : fc.oneof(anyTime, fc.integer({ min: -75, max: 75 }).map((d) => (hot + d + 1440) % 1440));
  return fc.uniqueArray(time, { minLength: 1, maxLength: 12 }).map((ts) => [...ts].sort((a, b) => a - b).map(hhmm));
};

const pattern = fc.oneof(
  fc.constant({ kind: 'daily' as const }),
  fc.subarray([...WEEKDAYS], { minLength: 1 }).map((days) => ({ kind: 'weekdays' as const, days })),
  fc.integer({ min: 2, max: 30 }).map((n) => ({ kind: 'everyNDays' as const, n })),
);

/**
 * A zone and a range [from, to) that starts up to 3 days before a transition (or 12 hours
 * after it) and lasts 1 hour to 9 days; `hot` is the transition's wall time (minute of the day, old offset).
 */
const zoneAndRange = fc.constantFrom(...ZONES).chain((zone) => {
  const ts = TRANSITIONS.get(zone)!;
  const anchor = ts.length > 0 ? fc.constantFrom(...ts) : fc.integer({ min: Date.UTC(2025, 0, 1) / MINUTE, max: Date.UTC(2027, 11, 20) / MINUTE }).map((m) => m * MINUTE);
  return fc.tuple(anchor, fc.integer({ min: -3 * 1440, max: 720 }), fc.oneof(fc.integer({ min: 60, max: 3 * 1440 }), fc.integer({ min: 60, max: 9 * 1440 }))).map(([at, shift, length]) => {
    const wall = wallOfKey(wallKey(zone, at - MINUTE)) + MINUTE;
    const hot = ts.length > 0 ? Math.round((wall % DAY) / MINUTE) % 1440 : null;
    return { zone, from: at + shift * MINUTE, to: at + (shift + length) * MINUTE, hot };
  });
});

const scheduleIn = (zone: string, from: number, hot: number | null) =>
  fc
    .record({
      timesOfDay: timesOfDay(hot),
      pattern,
      startOffsetDays: fc.integer({ min: -60, max: 3 }),
      endAfterDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
    })
    .map(({ timesOfDay, pattern, startOffsetDays, endAfterDays }): DoseTiming => {
      const startDay = dayOf(wallKey(zone, from).slice(0, 10)) + startOffsetDays;
      return {
        timeZone: zone,
        timesOfDay,
        pattern,
        startDate: dateOf(startDay),
        endDate: endAfterDays === undefined ? undefined : dateOf(startDay + endAfterDays),
        asNeeded: false,
      };
    });

const cases = zoneAndRange.chain(({ zone, from, to, hot }) => scheduleIn(zone, from, hot).map((schedule) => ({ schedule, from, to })));

// ---- oracle: which local days are dose days -------------------------------------------

function isDoseDayOracle(s: DoseTiming, date: string): boolean {
  const day = dayOf(date);
  if (day < dayOf(s.startDate) || (s.endDate !== undefined && day > dayOf(s.endDate))) return false;
  switch (s.pattern.kind) {
    case 'daily':
      return true;
    case 'weekdays':
      return s.pattern.days.includes(WEEKDAYS[new Date(day * DAY).getUTCDay()]!);
    case 'everyNDays':
      return (day - dayOf(s.startDate)) % s.pattern.n === 0;
  }
}

/** A dose's instant is its wall time, or — only for a time that does not exist — exactly the end of the gap it is in. */
function assertAtWallTime(zone: string, dose: DoseInstant) {
  const due = Date.parse(dose.dueAt);
  if (wallKey(zone, due) === dose.doseKey) {
    // Fall back: no earlier instant shows the same wall time (shifts here are 30 or 60 min).
    for (const back of [30, 60]) assert.notEqual(wallKey(zone, due - back * MINUTE), dose.doseKey, `${dose.doseKey} in ${zone}: not the first occurrence`);
    return;
  }
  const before = offsetMs(zone, due - MINUTE);
  const after = offsetMs(zone, due);
  const wall = wallOfKey(dose.doseKey);
  assert.ok(after > before, `${dose.doseKey} in ${zone} is due at ${dose.dueAt}, which is neither its wall time nor a gap's end`);
  assert.ok(due + before <= wall && wall < due + after, `${dose.doseKey} in ${zone}: not in the gap that ends at ${dose.dueAt}`);
}

const isGapDose = (zone: string, dose: DoseInstant) => wallKey(zone, Date.parse(dose.dueAt)) !== dose.doseKey;

/** The invariants every answer of doseInstantsBetween keeps. */
function checkDoses(schedule: DoseTiming, from: number, to: number): DoseInstant[] {
  const zone = schedule.timeZone;
  const doses = doseInstantsBetween(schedule, new Date(from), new Date(to));

  // No duplicates: each doseKey once, instants increasing. Only a gap time shares its
  // instant with what follows it (02:30 → 03:00 alongside a 03:00 dose).
  assert.equal(new Set(doses.map((d) => d.doseKey)).size, doses.length, 'a doseKey repeats');
  for (let i = 1; i < doses.length; i++) {
    const [a, b] = [Date.parse(doses[i - 1]!.dueAt), Date.parse(doses[i]!.dueAt)];
    assert.ok(a < b || (a === b && isGapDose(zone, doses[i - 1]!)), `out of order: ${doses[i - 1]!.doseKey} ${doses[i]!.doseKey}`);
    assert.ok(doses[i - 1]!.doseKey < doses[i]!.doseKey, 'doses not in local order');
  }

  for (const dose of doses) {
    const due = Date.parse(dose.dueAt);
    assert.ok(due >= from && due < to, `${dose.doseKey} due ${dose.dueAt} outside the range`);
    assert.equal(dose.doseKey, `${dose.localDate}T${dose.localTime}`);
    assert.ok(schedule.timesOfDay.includes(dose.localTime), `${dose.localTime} is not a scheduled time`);
    assert.ok(isDoseDayOracle(schedule, dose.localDate), `${dose.localDate} is not a dose day`);
    assertAtWallTime(zone, dose);
  }

  // None skipped: every scheduled time of every dose day that lies wholly inside the range.
  const returned = new Set(doses.map((d) => d.doseKey));
  const firstDay = dayOf(wallKey(zone, from).slice(0, 10));
  const lastDay = dayOf(wallKey(zone, to).slice(0, 10));
  for (let day = firstDay + 1; day < lastDay; day++) {
    if (!isDoseDayOracle(schedule, dateOf(day))) continue;
    for (const time of schedule.timesOfDay) assert.ok(returned.has(`${dateOf(day)}T${time}`), `${dateOf(day)}T${time} skipped`);
  }
  return doses;
}

test('across DST transitions: no dose duplicated, none skipped, each at its local time (gap times at the gap end, ambiguous times once, at the first)', () => {
  fc.assert(
    fc.property(cases, ({ schedule, from, to }) => void checkDoses(schedule, from, to)),
    { numRuns: RUNS },
  );
});

test('on each transition day itself, daily times around the change: each dose once, at its wall time or the gap end', () => {
  const transitionDays = ZONES.flatMap((zone) => TRANSITIONS.get(zone)!.map((at) => ({ zone, at })));
  let gapDoses = 0;
  let repeatedWallTimes = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...transitionDays).chain(({ zone, at }) => {
        const hot = Math.round((wallOfKey(wallKey(zone, at - MINUTE)) + MINUTE) % DAY / MINUTE) % 1440;
        return timesOfDay(hot).map((times) => ({ zone, at, times }));
      }),
      ({ zone, at, times }) => {
        const schedule: DoseTiming = { timeZone: zone, timesOfDay: times, pattern: { kind: 'daily' }, startDate: '2024-12-01', asNeeded: false };
        const doses = checkDoses(schedule, at - 36 * 3_600_000, at + 36 * 3_600_000);
        gapDoses += doses.filter((d) => isGapDose(zone, d)).length;
        // A wall time shown twice that day (fall back) still gives exactly one dose.
        repeatedWallTimes += doses.filter((d) => [30, 60].some((m) => wallKey(zone, Date.parse(d.dueAt) + m * MINUTE) === d.doseKey)).length;
      },
    ),
    { numRuns: RUNS },
  );
  // The generator really reaches the edges this test is about.
  assert.ok(gapDoses > RUNS / 10, `only ${gapDoses} doses fell in a spring gap`);
  assert.ok(repeatedWallTimes > RUNS / 10, `only ${repeatedWallTimes} doses fell in a fall-back overlap`);
});

test('ranges compose: doses in [a, b) then [b, c) are exactly the doses in [a, c), so a range boundary never drops or repeats one', () => {
  fc.assert(
    fc.property(cases, fc.double({ min: 0, max: 1, noNaN: true }), ({ schedule, from, to }, cut) => {
      const mid = from + Math.floor((to - from) * cut);
      const whole = doseInstantsBetween(schedule, new Date(from), new Date(to));
      const parts = [...doseInstantsBetween(schedule, new Date(from), new Date(mid)), ...doseInstantsBetween(schedule, new Date(mid), new Date(to))];
      assert.deepEqual(parts, whole);
    }),
    { numRuns: RUNS },
  );
});

test('stepping with nextDose visits the same doses as the range, in the same order, and stops at the dose count', () => {
  fc.assert(
    fc.property(
      zoneAndRange.chain(({ zone, from, to, hot }) => scheduleIn(zone, from, hot).map((s) => ({ s, from, to }))),
      fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      ({ s, from, to }, doseCount) => {
        const schedule: DoseTiming = { ...s, endDate: doseCount === undefined ? s.endDate : undefined, doseCount };
        const expected = doseInstantsBetween(schedule, new Date(from), new Date(to));
        const stepped: DoseInstant[] = [];
        let dose = nextDose(schedule, new Date(from - 1));
        while (dose !== null && Date.parse(dose.dueAt) < to) {
          stepped.push(dose);
          dose = nextDose(schedule, new Date(dose.dueAt), dose.doseKey);
        }
        assert.deepEqual(stepped, expected);
        if (doseCount !== undefined) {
          // Counted from the start: the whole schedule, stepped from before its first day.
          const all: DoseInstant[] = [];
          let d = nextDose(schedule, new Date(Date.parse(`${schedule.startDate}T00:00:00Z`) - 2 * DAY));
          while (d !== null) {
            all.push(d);
            d = nextDose(schedule, new Date(d.dueAt), d.doseKey);
          }
          assert.equal(all.length, doseCount);
          assert.ok(all.every((x) => isDoseDayOracle(schedule, x.localDate)));
        }
      },
    ),
    { numRuns: RUNS },
  );
});
