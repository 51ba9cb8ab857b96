/**
 * The dose calculator, by example: exact instants on the days clocks change, worked out by
 * hand from each zone's rules (offsets in the comments), never by calling the calculator.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doseInstantsBetween, nextDose, previewDoses, type DoseInstant } from './dose-calculator';
import type { DoseTiming } from './schedule';

const daily = (timeZone: string, timesOfDay: string[], more: Partial<DoseTiming> = {}): DoseTiming => ({
  timeZone,
  timesOfDay,
  pattern: { kind: 'daily' },
  startDate: '2025-01-01',
  asNeeded: false,
  ...more,
});
const between = (s: DoseTiming, from: string, to: string) => doseInstantsBetween(s, new Date(from), new Date(to));
const dueAts = (doses: DoseInstant[]) => doses.map((d) => d.dueAt);
const keys = (doses: DoseInstant[]) => doses.map((d) => d.doseKey);

test('New York spring forward: 02:30 does not exist on 8 March 2026, so the dose is due when the gap ends, 03:00 EDT = 07:00Z', () => {
  const doses = between(daily('America/New_York', ['02:30']), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z');
  assert.deepEqual(doses, [
    { doseKey: '2026-03-07T02:30', localDate: '2026-03-07', localTime: '02:30', dueAt: '2026-03-07T07:30:00.000Z' }, // EST −5
    { doseKey: '2026-03-08T02:30', localDate: '2026-03-08', localTime: '02:30', dueAt: '2026-03-08T07:00:00.000Z' }, // gap → 03:00 EDT
    { doseKey: '2026-03-09T02:30', localDate: '2026-03-09', localTime: '02:30', dueAt: '2026-03-09T06:30:00.000Z' }, // EDT −4
  ]);
});

test('a gap time and the first time after the gap are two doses due at the same instant; stepping with the dose key reaches both', () => {
  const s = daily('America/New_York', ['02:00', '03:00']);
  const doses = between(s, '2026-03-08T00:00:00Z', '2026-03-08T12:00:00Z');
  assert.deepEqual(keys(doses), ['2026-03-08T02:00', '2026-03-08T03:00']);
  assert.deepEqual(dueAts(doses), ['2026-03-08T07:00:00.000Z', '2026-03-08T07:00:00.000Z']);
  const first = nextDose(s, new Date('2026-03-08T06:00:00Z'))!;
  assert.equal(first.doseKey, '2026-03-08T02:00');
  assert.equal(nextDose(s, new Date(first.dueAt), first.doseKey)?.doseKey, '2026-03-08T03:00');
  // Without the key, "strictly after the instant" passes over the 03:00 dose to the next day.
  assert.equal(nextDose(s, new Date(first.dueAt))?.doseKey, '2026-03-09T02:00');
});

test('New York fall back: 01:30 happens twice on 1 November 2026; the dose fires once, at the first (EDT) 01:30 = 05:30Z', () => {
  const s = daily('America/New_York', ['01:30']);
  assert.deepEqual(dueAts(between(s, '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')), [
    '2026-10-31T05:30:00.000Z', // EDT −4
    '2026-11-01T05:30:00.000Z', // first 01:30, still EDT
    '2026-11-02T06:30:00.000Z', // EST −5
  ]);
  // Nothing at the second 01:30 (06:30Z).
  assert.deepEqual(between(s, '2026-11-01T05:31:00Z', '2026-11-01T23:00:00Z'), []);
});

test('Lord Howe moves its clocks by 30 minutes: 02:15 on 4 October 2026 is due at 02:30 +11:00 = 15:30Z the day before', () => {
  const s = daily('Australia/Lord_Howe', ['02:15']);
  assert.deepEqual(dueAts(between(s, '2026-10-02T00:00:00Z', '2026-10-05T00:00:00Z')), [
    '2026-10-02T15:45:00.000Z', // 3 Oct, +10:30
    '2026-10-03T15:30:00.000Z', // 4 Oct, gap 02:00–02:30 → 02:30 +11:00
    '2026-10-04T15:15:00.000Z', // 5 Oct, +11:00
  ]);
});

test('Lord Howe fall back: 01:45 on 5 April 2026 happens at +11:00 and again at +10:30; the dose is due at the first', () => {
  const s = daily('Australia/Lord_Howe', ['01:45']);
  assert.deepEqual(dueAts(between(s, '2026-04-04T00:00:00Z', '2026-04-05T12:00:00Z')), ['2026-04-04T14:45:00.000Z']);
});

test('London: 01:30 on 29 March 2026 is in the gap (→ 02:00 BST = 01:00Z); on 25 October 2026 the first 01:30 is BST (00:30Z)', () => {
  const s = daily('Europe/London', ['01:30']);
  assert.deepEqual(dueAts(between(s, '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z')), [
    '2026-03-28T01:30:00.000Z', // GMT
    '2026-03-29T01:00:00.000Z', // gap 01:00–02:00 → 02:00 BST
    '2026-03-30T00:30:00.000Z', // BST +1
  ]);
  assert.deepEqual(dueAts(between(s, '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z')), [
    '2026-10-24T00:30:00.000Z', // BST
    '2026-10-25T00:30:00.000Z', // first 01:30, BST
    '2026-10-26T01:30:00.000Z', // GMT
  ]);
});

test('Sydney (southern hemisphere) springs forward in October and falls back in April', () => {
  const s = daily('Australia/Sydney', ['02:30']);
  assert.deepEqual(dueAts(between(s, '2026-10-03T00:00:00Z', '2026-10-04T00:00:00Z')), ['2026-10-03T16:00:00.000Z']); // 4 Oct: gap → 03:00 +11
  assert.deepEqual(dueAts(between(s, '2026-04-04T00:00:00Z', '2026-04-05T00:00:00Z')), ['2026-04-04T15:30:00.000Z']); // 5 Apr: first 02:30, +11
});

test('Santiago changes clocks at midnight: 00:30 on 6 September 2026 is due at 01:00 −03 (04:00Z); 23:30 on 4 April 2026 at the first (−03)', () => {
  assert.deepEqual(dueAts(between(daily('America/Santiago', ['00:30']), '2026-09-05T12:00:00Z', '2026-09-06T12:00:00Z')), [
    '2026-09-06T04:00:00.000Z',
  ]);
  assert.deepEqual(dueAts(between(daily('America/Santiago', ['23:30']), '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')), [
    '2026-04-05T02:30:00.000Z',
  ]);
});

test('Nuuk springs forward at 23:00 on a Saturday: a 23:30 dose is due at the gap end, which the wall clock already shows as Sunday', () => {
  // 29 March 2025: 23:00 −02 becomes 00:00 −01 (01:00Z). The dose keeps its Saturday key.
  const s = daily('America/Nuuk', ['23:30']);
  const atGapEnd = { doseKey: '2025-03-29T23:30', localDate: '2025-03-29', localTime: '23:30', dueAt: '2025-03-30T01:00:00.000Z' };
  assert.deepEqual(between(s, '2025-03-30T01:00:00Z', '2025-03-30T02:00:00Z'), [atGapEnd]);
  assert.deepEqual(nextDose(s, new Date('2025-03-30T00:59:00Z')), atGapEnd);
});

test('Kolkata has no DST: 08:00 is 02:30Z all year', () => {
  const s = daily('Asia/Kolkata', ['08:00']);
  const doses = between(s, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  assert.equal(doses.length, 365);
  assert.ok(doses.every((d) => d.dueAt.endsWith('T02:30:00.000Z')));
});

test('weekdays: Monday, Wednesday and Friday only', () => {
  const s = daily('Europe/London', ['09:00'], { pattern: { kind: 'weekdays', days: ['fri', 'mon', 'wed'] } });
  // 3 January 2026 is a Saturday; GMT, so 09:00 = 09:00Z.
  assert.deepEqual(dueAts(between(s, '2026-01-03T00:00:00Z', '2026-01-10T00:00:00Z')), [
    '2026-01-05T09:00:00.000Z', // Mon
    '2026-01-07T09:00:00.000Z', // Wed
    '2026-01-09T09:00:00.000Z', // Fri
  ]);
});

test('every 3 days counts from the start date, also when the range starts mid-cycle', () => {
  const s = daily('Asia/Kolkata', ['08:00'], { startDate: '2026-01-10', pattern: { kind: 'everyNDays', n: 3 } });
  assert.deepEqual(keys(between(s, '2026-01-01T00:00:00Z', '2026-01-20T00:00:00Z')), [
    '2026-01-10T08:00',
    '2026-01-13T08:00',
    '2026-01-16T08:00',
    '2026-01-19T08:00',
  ]);
  assert.deepEqual(keys(between(s, '2026-01-11T00:00:00Z', '2026-01-17T00:00:00Z')), ['2026-01-13T08:00', '2026-01-16T08:00']);
  assert.equal(nextDose(s, new Date('2026-01-16T03:00:00Z'))?.doseKey, '2026-01-19T08:00');
});

test('nothing before the start date; the end date is the last dose day; after it nextDose is null', () => {
  const s = daily('America/New_York', ['20:00'], { startDate: '2026-01-01', endDate: '2026-01-03' });
  assert.deepEqual(keys(between(s, '2025-12-01T00:00:00Z', '2026-02-01T00:00:00Z')), [
    '2026-01-01T20:00',
    '2026-01-02T20:00',
    '2026-01-03T20:00',
  ]);
  assert.deepEqual(nextDose(s, new Date('2025-06-01T00:00:00Z')), {
    doseKey: '2026-01-01T20:00',
    localDate: '2026-01-01',
    localTime: '20:00',
    dueAt: '2026-01-02T01:00:00.000Z', // EST −5
  });
  assert.equal(nextDose(s, new Date('2026-01-04T01:00:00Z')), null); // exactly the last dose: not strictly after
});

test('nextDose is strictly after: asked at a dose\'s own instant it gives the next one', () => {
  const s = daily('Europe/London', ['08:00', '20:00']);
  assert.equal(nextDose(s, new Date('2026-01-05T08:00:00Z'))?.doseKey, '2026-01-05T20:00');
  assert.equal(nextDose(s, new Date('2026-01-05T07:59:59.999Z'))?.doseKey, '2026-01-05T08:00');
});

test('a dose count counts doses from the start date, twice a day', () => {
  const s = daily('Europe/London', ['08:00', '20:00'], { startDate: '2026-01-01', doseCount: 5 });
  assert.deepEqual(keys(between(s, '2025-12-31T00:00:00Z', '2026-02-01T00:00:00Z')), [
    '2026-01-01T08:00',
    '2026-01-01T20:00',
    '2026-01-02T08:00',
    '2026-01-02T20:00',
    '2026-01-03T08:00',
  ]);
  assert.equal(nextDose(s, new Date('2026-01-03T08:00:00Z')), null);
  // Asked from the middle, it still knows which dose is the last.
  assert.deepEqual(keys(between(s, '2026-01-02T12:00:00Z', '2026-02-01T00:00:00Z')), ['2026-01-02T20:00', '2026-01-03T08:00']);
});

test('a dose count on chosen weekdays counts only the dose days', () => {
  // 1 January 2026 is a Thursday.
  const s = daily('Europe/London', ['09:00'], { startDate: '2026-01-01', doseCount: 4, pattern: { kind: 'weekdays', days: ['mon', 'thu'] } });
  assert.deepEqual(keys(between(s, '2026-01-09T00:00:00Z', '2026-03-01T00:00:00Z')), ['2026-01-12T09:00']);
  assert.equal(nextDose(s, new Date('2026-01-09T00:00:00Z'))?.doseKey, '2026-01-12T09:00'); // Thu 1, Mon 5, Thu 8, Mon 12
  assert.equal(nextDose(s, new Date('2026-01-12T09:00:00Z')), null);
});

test('an as-needed (PRN) medication has no scheduled doses and no reminders', () => {
  const s = daily('Europe/London', ['08:00'], { asNeeded: true });
  assert.deepEqual(between(s, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'), []);
  assert.equal(nextDose(s, new Date('2026-01-01T00:00:00Z')), null);
  assert.deepEqual(previewDoses({ ...s, answerWindowMinutes: 30 }, new Date('2026-01-01T00:00:00Z'), 7), []);
});

test('an empty or reversed range has no doses', () => {
  const s = daily('Europe/London', ['08:00']);
  assert.deepEqual(between(s, '2026-01-05T08:00:00Z', '2026-01-05T08:00:00Z'), []);
  assert.deepEqual(between(s, '2026-01-06T00:00:00Z', '2026-01-05T00:00:00Z'), []);
  // Half-open: a dose exactly at `from` is in, one exactly at `to` is out.
  assert.deepEqual(keys(between(s, '2026-01-05T08:00:00Z', '2026-01-06T08:00:00Z')), ['2026-01-05T08:00']);
});

test('preview: heads-up before, due, and escalation after the answer window, for the next N days', () => {
  const s = { ...daily('America/New_York', ['08:00', '20:00']), headsUpMinutes: 15, answerWindowMinutes: 45 };
  const preview = previewDoses(s, new Date('2026-03-07T12:00:00Z'), 2); // 07:00 EST on 7 March, until 9 March 12:00Z
  assert.deepEqual(preview, [
    { doseKey: '2026-03-07T08:00', localDate: '2026-03-07', localTime: '08:00', dueAt: '2026-03-07T13:00:00.000Z', headsUpAt: '2026-03-07T12:45:00.000Z', escalateAt: '2026-03-07T13:45:00.000Z' },
    { doseKey: '2026-03-07T20:00', localDate: '2026-03-07', localTime: '20:00', dueAt: '2026-03-08T01:00:00.000Z', headsUpAt: '2026-03-08T00:45:00.000Z', escalateAt: '2026-03-08T01:45:00.000Z' },
    { doseKey: '2026-03-08T08:00', localDate: '2026-03-08', localTime: '08:00', dueAt: '2026-03-08T12:00:00.000Z', headsUpAt: '2026-03-08T11:45:00.000Z', escalateAt: '2026-03-08T12:45:00.000Z' },
    { doseKey: '2026-03-08T20:00', localDate: '2026-03-08', localTime: '20:00', dueAt: '2026-03-09T00:00:00.000Z', headsUpAt: '2026-03-08T23:45:00.000Z', escalateAt: '2026-03-09T00:45:00.000Z' },
  ]);
  const noHeadsUp = previewDoses({ ...s, headsUpMinutes: undefined }, new Date('2026-03-07T12:00:00Z'), 1);
  assert.deepEqual(noHeadsUp.map((d) => d.headsUpAt), [null, null]);
  assert.throws(() => previewDoses(s, new Date('2026-03-07T12:00:00Z'), 0), RangeError);
  assert.throws(() => previewDoses(s, new Date('2026-03-07T12:00:00Z'), 93), RangeError);
});

test('30 days of 08:00, 14:00 and 22:00 in New York across the fall-back change: every instant', () => {
  const s = daily('America/New_York', ['08:00', '14:00', '22:00'], { startDate: '2026-10-20' });
  // From midnight EDT on 20 October to midnight EST on 19 November.
  const doses = between(s, '2026-10-20T04:00:00Z', '2026-11-19T05:00:00Z');
  // prettier-ignore
  assert.deepEqual(dueAts(doses), [
    '2026-10-20T12:00:00.000Z', '2026-10-20T18:00:00.000Z', '2026-10-21T02:00:00.000Z', // Tue 20 Oct EDT −4
    '2026-10-21T12:00:00.000Z', '2026-10-21T18:00:00.000Z', '2026-10-22T02:00:00.000Z', // Wed 21 Oct EDT −4
    '2026-10-22T12:00:00.000Z', '2026-10-22T18:00:00.000Z', '2026-10-23T02:00:00.000Z', // Thu 22 Oct EDT −4
    '2026-10-23T12:00:00.000Z', '2026-10-23T18:00:00.000Z', '2026-10-24T02:00:00.000Z', // Fri 23 Oct EDT −4
    '2026-10-24T12:00:00.000Z', '2026-10-24T18:00:00.000Z', '2026-10-25T02:00:00.000Z', // Sat 24 Oct EDT −4
    '2026-10-25T12:00:00.000Z', '2026-10-25T18:00:00.000Z', '2026-10-26T02:00:00.000Z', // Sun 25 Oct EDT −4
    '2026-10-26T12:00:00.000Z', '2026-10-26T18:00:00.000Z', '2026-10-27T02:00:00.000Z', // Mon 26 Oct EDT −4
    '2026-10-27T12:00:00.000Z', '2026-10-27T18:00:00.000Z', '2026-10-28T02:00:00.000Z', // Tue 27 Oct EDT −4
    '2026-10-28T12:00:00.000Z', '2026-10-28T18:00:00.000Z', '2026-10-29T02:00:00.000Z', // Wed 28 Oct EDT −4
    '2026-10-29T12:00:00.000Z', '2026-10-29T18:00:00.000Z', '2026-10-30T02:00:00.000Z', // Thu 29 Oct EDT −4
    '2026-10-30T12:00:00.000Z', '2026-10-30T18:00:00.000Z', '2026-10-31T02:00:00.000Z', // Fri 30 Oct EDT −4
    '2026-10-31T12:00:00.000Z', '2026-10-31T18:00:00.000Z', '2026-11-01T02:00:00.000Z', // Sat 31 Oct EDT −4
    '2026-11-01T13:00:00.000Z', '2026-11-01T19:00:00.000Z', '2026-11-02T03:00:00.000Z', // Sun 01 Nov EST −5
    '2026-11-02T13:00:00.000Z', '2026-11-02T19:00:00.000Z', '2026-11-03T03:00:00.000Z', // Mon 02 Nov EST −5
    '2026-11-03T13:00:00.000Z', '2026-11-03T19:00:00.000Z', '2026-11-04T03:00:00.000Z', // Tue 03 Nov EST −5
    '2026-11-04T13:00:00.000Z', '2026-11-04T19:00:00.000Z', '2026-11-05T03:00:00.000Z', // Wed 04 Nov EST −5
    '2026-11-05T13:00:00.000Z', '2026-11-05T19:00:00.000Z', '2026-11-06T03:00:00.000Z', // Thu 05 Nov EST −5
    '2026-11-06T13:00:00.000Z', '2026-11-06T19:00:00.000Z', '2026-11-07T03:00:00.000Z', // Fri 06 Nov EST −5
    '2026-11-07T13:00:00.000Z', '2026-11-07T19:00:00.000Z', '2026-11-08T03:00:00.000Z', // Sat 07 Nov EST −5
    '2026-11-08T13:00:00.000Z', '2026-11-08T19:00:00.000Z', '2026-11-09T03:00:00.000Z', // Sun 08 Nov EST −5
    '2026-11-09T13:00:00.000Z', '2026-11-09T19:00:00.000Z', '2026-11-10T03:00:00.000Z', // Mon 09 Nov EST −5
    '2026-11-10T13:00:00.000Z', '2026-11-10T19:00:00.000Z', '2026-11-11T03:00:00.000Z', // Tue 10 Nov EST −5
    '2026-11-11T13:00:00.000Z', '2026-11-11T19:00:00.000Z', '2026-11-12T03:00:00.000Z', // Wed 11 Nov EST −5
    '2026-11-12T13:00:00.000Z', '2026-11-12T19:00:00.000Z', '2026-11-13T03:00:00.000Z', // Thu 12 Nov EST −5
    '2026-11-13T13:00:00.000Z', '2026-11-13T19:00:00.000Z', '2026-11-14T03:00:00.000Z', // Fri 13 Nov EST −5
    '2026-11-14T13:00:00.000Z', '2026-11-14T19:00:00.000Z', '2026-11-15T03:00:00.000Z', // Sat 14 Nov EST −5
    '2026-11-15T13:00:00.000Z', '2026-11-15T19:00:00.000Z', '2026-11-16T03:00:00.000Z', // Sun 15 Nov EST −5
    '2026-11-16T13:00:00.000Z', '2026-11-16T19:00:00.000Z', '2026-11-17T03:00:00.000Z', // Mon 16 Nov EST −5
    '2026-11-17T13:00:00.000Z', '2026-11-17T19:00:00.000Z', '2026-11-18T03:00:00.000Z', // Tue 17 Nov EST −5
    '2026-11-18T13:00:00.000Z', '2026-11-18T19:00:00.000Z', '2026-11-19T03:00:00.000Z', // Wed 18 Nov EST −5
  ]);
  assert.equal(doses.length, 90);
  assert.equal(new Set(keys(doses)).size, 90);
});
