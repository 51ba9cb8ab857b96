/**
 * Rotation expansion by example: instants worked out by hand from each zone's rules
 * (offsets in the comments), never by calling our zone code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cycleWeekOf, diffShifts, expandRotation, type ExpandedShift, type RotationTiming, type StoredShift } from './rotation';

const ANA = 'ana';
const BEN = 'ben';
const CLEO = 'cleo';
const T = { timeout: 5_000 };

const nights = (timeZone: string, startsOn: string): RotationTiming => ({
  timeZone,
  cycleWeeks: 1,
  startsOn,
  endsOn: null,
  slots: [{ week: 1, weekday: 'sat', start: '22:00', end: '06:00', assigneeId: ANA, backupIds: [BEN] }],
});

describe('rotation expansion', () => {
  test('a 22:00–06:00 night in New York is 7 hours on the spring-forward night and 9 on the fall-back one', T, () => {
    const timing = nights('America/New_York', '2027-03-01');
    // 13 March 2027 22:00 EST (−5) → 14 March 06:00 EDT (−4); 6 Nov 22:00 EDT → 7 Nov 06:00 EST.
    const [spring] = expandRotation(timing, { fromUtc: '2027-03-13T00:00:00Z', untilUtc: '2027-03-14T12:00:00Z' });
    assert.deepEqual(
      { key: spring!.slotKey, start: spring!.startUtc, end: spring!.endUtc, minutes: spring!.minutes },
      { key: '2027-03-13T22:00', start: '2027-03-14T03:00:00.000Z', end: '2027-03-14T10:00:00.000Z', minutes: 420 },
    );
    const [autumn] = expandRotation(timing, { fromUtc: '2027-11-06T00:00:00Z', untilUtc: '2027-11-07T12:00:00Z' });
    assert.deepEqual(
      { key: autumn!.slotKey, start: autumn!.startUtc, end: autumn!.endUtc, minutes: autumn!.minutes },
      { key: '2027-11-06T22:00', start: '2027-11-07T02:00:00.000Z', end: '2027-11-07T11:00:00.000Z', minutes: 540 },
    );
    // An ordinary night either side is 8 hours.
    const march = expandRotation(timing, { fromUtc: '2027-03-06T00:00:00Z', untilUtc: '2027-03-22T00:00:00Z' });
    assert.deepEqual(march.map((s) => s.minutes), [480, 420, 480]);
  });

  test('the same nights in London (28 March and 31 October 2027): 7 and 9 hours', T, () => {
    const timing = nights('Europe/London', '2027-01-01');
    // 27 March 22:00 GMT → 28 March 06:00 BST (+1); 30 October 22:00 BST → 31 October 06:00 GMT.
    const [spring] = expandRotation(timing, { fromUtc: '2027-03-27T00:00:00Z', untilUtc: '2027-03-28T00:00:00Z' });
    assert.equal(spring!.startUtc, '2027-03-27T22:00:00.000Z');
    assert.equal(spring!.endUtc, '2027-03-28T05:00:00.000Z');
    assert.equal(spring!.minutes, 420);
    const [autumn] = expandRotation(timing, { fromUtc: '2027-10-30T00:00:00Z', untilUtc: '2027-10-31T00:00:00Z' });
    assert.equal(autumn!.startUtc, '2027-10-30T21:00:00.000Z');
    assert.equal(autumn!.endUtc, '2027-10-31T06:00:00.000Z');
    assert.equal(autumn!.minutes, 540);
  });

  test('a shift starting inside the spring gap (02:30 never happens) starts when the gap ends', T, () => {
    const timing: RotationTiming = { ...nights('America/New_York', '2027-03-01'), slots: [{ week: 1, weekday: 'sun', start: '02:30', end: '08:00', assigneeId: ANA }] };
    const [s] = expandRotation(timing, { fromUtc: '2027-03-14T00:00:00Z', untilUtc: '2027-03-15T00:00:00Z' });
    // 03:00 EDT = 07:00 UTC; 08:00 EDT = 12:00 UTC: five hours on the clock.
    assert.equal(s!.startUtc, '2027-03-14T07:00:00.000Z');
    assert.equal(s!.minutes, 300);
  });

  test('a two-week cycle alternates assignees; week 1 is the Monday-to-Sunday week holding the start date', T, () => {
    const timing: RotationTiming = {
      timeZone: 'Europe/Berlin',
      cycleWeeks: 2,
      startsOn: '2027-05-05', // a Wednesday: its week (3–9 May) is week 1
      endsOn: '2027-05-30',
      slots: [
        { week: 1, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: ANA },
        { week: 2, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: BEN },
        { week: 1, weekday: 'wed', start: '09:00', end: '13:00', assigneeId: CLEO },
      ],
    };
    assert.equal(cycleWeekOf(timing, '2027-05-03'), 1);
    assert.equal(cycleWeekOf(timing, '2027-05-10'), 2);
    assert.equal(cycleWeekOf(timing, '2027-05-17'), 1);
    const shifts = expandRotation(timing, { fromUtc: '2027-05-01T00:00:00Z', untilUtc: '2027-06-30T00:00:00Z' });
    // Monday 3 May is before the start date; the rotation ends on Sunday 30 May.
    assert.deepEqual(
      shifts.map((s) => [s.slotKey, s.assigneeId]),
      [
        ['2027-05-05T09:00', CLEO],
        ['2027-05-10T09:00', BEN],
        ['2027-05-17T09:00', ANA],
        ['2027-05-19T09:00', CLEO],
        ['2027-05-24T09:00', BEN],
      ],
    );
    // 09:00 CEST (+2) = 07:00 UTC.
    assert.equal(shifts[0]!.startUtc, '2027-05-05T07:00:00.000Z');
  });

  test('two aides at the same time on the same day get two keys', T, () => {
    const timing: RotationTiming = {
      ...nights('UTC', '2027-01-01'),
      slots: [
        { week: 1, weekday: 'mon', start: '09:00', end: '12:00', assigneeId: ANA },
        { week: 1, weekday: 'mon', start: '09:00', end: '12:00', assigneeId: BEN },
      ],
    };
    const keys = expandRotation(timing, { fromUtc: '2027-01-04T00:00:00Z', untilUtc: '2027-01-05T00:00:00Z' }).map((s) => s.slotKey);
    assert.deepEqual(keys, ['2027-01-04T09:00', '2027-01-04T09:00#2']);
  });
});

describe('applying a rotation to stored shifts', () => {
  const weekly = (assigneeId: string, start = '09:00'): RotationTiming => ({
    timeZone: 'UTC',
    cycleWeeks: 1,
    startsOn: '2027-01-01',
    endsOn: null,
    slots: [{ week: 1, weekday: 'mon', start, end: '17:00', assigneeId }],
  });
  const window = { fromUtc: '2027-01-01T00:00:00Z', untilUtc: '2027-02-01T00:00:00Z' };
  const stored = (e: ExpandedShift, i: number, more: Partial<StoredShift> = {}): StoredShift => ({
    id: `s${i}`,
    slotKey: e.slotKey,
    startUtc: e.startUtc,
    endUtc: e.endUtc,
    assigneeId: e.assigneeId,
    backupIds: e.backupIds,
    override: false,
    state: 'scheduled',
    ...more,
  });
  // Mondays 4, 11, 18, 25 January 2027; "now" is Wednesday 13 January: two are past.
  const now = '2027-01-13T12:00:00Z';
  const before = expandRotation(weekly(ANA), window);

  test('a first expansion inserts only shifts not yet started; a second one changes nothing', T, () => {
    const first = diffShifts(before, [], now);
    assert.deepEqual(first.insert.map((s) => s.slotKey), ['2027-01-18T09:00', '2027-01-25T09:00']);
    const again = diffShifts(before, before.map((e, i) => stored(e, i)), now);
    assert.deepEqual(again, { insert: [], update: [], cancel: [] });
  });

  test('an edit (Ben instead of Ana) applies to future shifts only; an override keeps its person', T, () => {
    const rows = before.map((e, i) => stored(e, i, i === 3 ? { assigneeId: CLEO, override: true } : {}));
    const after = diffShifts(expandRotation(weekly(BEN), window), rows, now);
    // s0, s1: past (Ana stays on record); s3: given to Cleo by hand; only s2 follows the edit.
    assert.deepEqual(after.update.map((u) => [u.id, u.to.assigneeId]), [['s2', BEN]]);
    assert.deepEqual(after.insert, []);
    assert.deepEqual(after.cancel, []);
  });

  test('a slot moved to another time: future shifts of the old slot are cancelled, new ones inserted; past ones stay', T, () => {
    const rows = before.map((e, i) => stored(e, i));
    const after = diffShifts(expandRotation(weekly(ANA, '10:00'), window), rows, now);
    assert.deepEqual(after.cancel, ['s2', 's3']);
    assert.deepEqual(after.insert.map((s) => s.slotKey), ['2027-01-18T10:00', '2027-01-25T10:00']);
    assert.deepEqual(after.update, []);
  });

  test('a shift under way when the edit lands is not touched', T, () => {
    const rows = before.map((e, i) => stored(e, i));
    const during = '2027-01-18T10:00:00Z';
    const after = diffShifts(expandRotation(weekly(BEN), window), rows, during);
    assert.deepEqual(after.update.map((u) => u.id), ['s3']);
  });
});
