/**
 * Property tests of appointment recurrence across DST changes in New York, London, Sydney,
 * Lord Howe (30-minute shift) and Santiago (changes at midnight), against the brute-force oracle
 * of testing/recurrence-oracle.ts: a day-by-day walk deciding each day from RFC 5545's definitions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expandOccurrences, nextOccurrences, splitSeries, type Occurrence } from './recurrence';
import { CHANGES, ZONES, oracleInstant, oracleOccurrences, wallKey } from './testing/recurrence-oracle';
import { seriesCases } from './testing/series-arbitrary';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const iso = (ms: number) => new Date(ms).toISOString();
const window = (fromMs: number, untilMs: number) => ({ fromUtc: iso(fromMs), untilUtc: iso(untilMs) });

test('the oracle sees each zone change twice a year, Lord Howe by 30 minutes, at the published instants', { timeout: 60_000 }, () => {
  for (const zone of ZONES) assert.equal(CHANGES.get(zone)!.filter((c) => c.at >= Date.UTC(2026, 0, 1) && c.at < Date.UTC(2027, 0, 1)).length, 2, zone);
  assert.ok(CHANGES.get('America/New_York')!.some((c) => c.at === Date.parse('2026-03-08T07:00:00Z')));
  assert.ok(CHANGES.get('Australia/Lord_Howe')!.some((c) => c.at === Date.parse('2026-10-03T15:30:00Z') && c.to - c.from === 30 * 60_000));
  // Dose rules in the oracle: a gap time at the gap's end, an overlap time at its first instant.
  assert.equal(iso(oracleInstant('America/New_York', '2026-03-08T02:30')), '2026-03-08T07:00:00.000Z');
  assert.equal(iso(oracleInstant('America/New_York', '2026-11-01T01:30')), '2026-11-01T05:30:00.000Z');
  assert.equal(wallKey('Australia/Lord_Howe', oracleInstant('Australia/Lord_Howe', '2026-10-04T02:15')), '2026-10-04T02:30');
});

test('expandOccurrences equals the brute-force reading of the rule, EXDATEs and overrides, in every window across DST', { timeout: 240_000 }, () => {
  let across = 0;
  fc.assert(
    fc.property(seriesCases, ({ series, fromMs, untilMs }) => {
      const got = expandOccurrences(series, window(fromMs, untilMs));
      assert.deepEqual(got, oracleOccurrences(series, fromMs, untilMs));
      // The same local time on both sides of a change: instants an hour (or 30 min) apart from a fixed-offset reading.
      const offsets = new Set(got.filter((o) => !o.moved).map((o) => Date.parse(o.startUtc) - Date.parse(`${o.key}:00Z`)));
      if (offsets.size > 1) across += 1;
    }),
    { numRuns: RUNS },
  );
  // A guard that the generator reaches DST changes at all (about a quarter of windows do; random, so the bar is low).
  assert.ok(across > RUNS / 10, `only ${across} windows held occurrences on both sides of a change`);
});

test('windows compose: [a, b) then [b, c) is exactly [a, c)', { timeout: 240_000 }, () => {
  fc.assert(
    fc.property(seriesCases, fc.double({ min: 0, max: 1, noNaN: true }), ({ series, fromMs, untilMs }, cut) => {
      const mid = fromMs + Math.floor((untilMs - fromMs) * cut);
      const parts = [...expandOccurrences(series, window(fromMs, mid)), ...expandOccurrences(series, window(mid, untilMs))];
      assert.deepEqual(parts, expandOccurrences(series, window(fromMs, untilMs)));
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('nextOccurrences gives the first N occurrences strictly after an instant, as the oracle does', { timeout: 240_000 }, () => {
  fc.assert(
    fc.property(seriesCases, fc.integer({ min: 1, max: 12 }), ({ series, fromMs }, limit) => {
      const got = nextOccurrences(series, iso(fromMs), limit);
      const horizon = fromMs + 9 * 366 * 86_400_000;
      const expected = oracleOccurrences(series, fromMs + 1, horizon).slice(0, limit);
      // Rare rules (every 3rd month, a 5th weekday on the 31st) may have fewer within the oracle's 9 years.
      assert.deepEqual(got.slice(0, expected.length), expected);
      assert.ok(got.length === expected.length || got.slice(expected.length).every((o) => Date.parse(o.startUtc) >= horizon));
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('this-and-following: the two halves together are the original series, COUNT shared out, overrides following their keys', { timeout: 240_000 }, () => {
  fc.assert(
    fc.property(
      seriesCases.filter((c) => c.series.recurrence !== null),
      fc.nat(),
      ({ series, fromMs, untilMs }, pick) => {
        const span = window(fromMs - 500 * 86_400_000, untilMs);
        const all = expandOccurrences({ ...series, overrides: [] }, span);
        const at = all[pick % Math.max(all.length, 1)];
        if (!at) return;
        const { before, after } = splitSeries(series, at.key);
        const r = series.recurrence!;
        const halves: Occurrence[] = [
          ...(before ? expandOccurrences({ ...series, recurrence: before, overrides: series.overrides.filter((o) => o.key < at.key) }, span) : []),
          ...expandOccurrences({ ...series, start: after.start, recurrence: after.recurrence, overrides: series.overrides.filter((o) => o.key >= at.key) }, span),
        ].sort((a, b) => a.startUtc.localeCompare(b.startUtc) || a.key.localeCompare(b.key));
        assert.deepEqual(halves, expandOccurrences(series, span));
        assert.ok(before === null || before.count !== undefined || before.until! < at.key, 'the old half ends before the split');
        if (r.count !== undefined) assert.equal((before?.count ?? 0) + after.recurrence!.count!, r.count);
        else assert.equal(after.recurrence!.until, r.until);
      },
    ),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});
