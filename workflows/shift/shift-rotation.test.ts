import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RotationTiming } from '../../activities/shifts/rotation';
import { tellRotationChanged } from '../../temporal/shifts';
import { CareKind } from '../../temporal/search-attributes';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { checkInUpdate } from './messages';
import { createShiftHarness } from './testing/harness';

const HOUR = 3_600_000;
/** New York is UTC−5 until 14 March 2027. */
const est = (wall: string) => Date.parse(`${wall}:00Z`) + 5 * HOUR;

describe('a shift rotation (time-skipping server)', () => {
  const h = createShiftHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { ana, ben, until, skipTo, untilShift, shift, startRotation } = h;

  test('an edit reaches only shifts not yet started: the one under way keeps Ana, the opened one and later ones go to Ben', { timeout: TEST_MS }, async () => {
    const timing: RotationTiming = {
      timeZone: 'America/New_York',
      cycleWeeks: 1,
      startsOn: '2027-02-01',
      endsOn: '2027-02-28',
      slots: [
        { week: 1, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: ana },
        { week: 1, weekday: 'wed', start: '09:00', end: '17:00', assigneeId: ana },
      ],
    };
    const { row, handle } = await startRotation(timing);
    assert.equal((await handle.describe()).typedSearchAttributes.get(CareKind), 'rotation');
    const rowsOf = () => [...h.shifts.values()].filter((s) => s.rotationId === row.id).sort((a, b) => (a.startUtc < b.startUtc ? -1 : 1));
    // The horizon is four weeks: on 20 January it reaches 17 February.
    await skipTo(est('2027-01-20T00:00'));
    await until(() => rowsOf().length === 5, 'the horizon materialised');

    const underWay = rowsOf().find((s) => s.startUtc === new Date(est('2027-02-08T09:00')).toISOString())!;
    const opened = rowsOf().find((s) => s.startUtc === new Date(est('2027-02-10T09:00')).toISOString())!;
    await skipTo(est('2027-02-08T09:00'));
    await untilShift(underWay.id, (x) => x.startUtc !== '', 'the Monday shift open');
    await shift(underWay.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app' }] });
    await skipTo(est('2027-02-08T12:00'));
    await until(() => rowsOf().length === 8, 'the horizon rolled on to the end of February');
    const later = rowsOf().find((s) => s.startUtc === new Date(est('2027-02-15T09:00')).toISOString())!;
    await untilShift(opened.id, (x) => x.assigneeId === ana, 'the Wednesday shift opened for Ana');

    row.timing = { ...timing, slots: timing.slots.map((s) => ({ ...s, assigneeId: ben })) };
    row.version = 2;
    await tellRotationChanged(h.client(), row.id, { version: 2, by: null });
    await untilShift(opened.id, (x) => x.assigneeId === ben, 'the opened Wednesday shift now Ben\'s');
    await until(() => later.assigneeId === ben, 'the later row Ben\'s');
    assert.equal(underWay.assigneeId, ana);
    assert.equal((await untilShift(underWay.id, (x) => x.phase === 'on_shift', 'under way')).assigneeId, ana);
    // Past shifts are history.
    assert.equal(rowsOf()[0]!.assigneeId, ana);
  });

  test('created at 08:59, its first workflow task only at 09:03 (a worker busy at 09:00) → the 09:00 shift still opens, and Ana can check in', { timeout: TEST_MS }, async () => {
    const timing: RotationTiming = {
      timeZone: 'America/New_York',
      cycleWeeks: 1,
      startsOn: '2027-03-01',
      endsOn: '2027-03-07',
      slots: [{ week: 1, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: ana }],
    };
    await skipTo(est('2027-03-01T08:59'));
    const { row } = await startRotation(timing, { firstTaskDelay: '4 minutes' });
    await skipTo(est('2027-03-01T09:03') + 30_000);
    const monday = new Date(est('2027-03-01T09:00')).toISOString();
    await until(() => [...h.shifts.values()].some((s) => s.rotationId === row.id && s.startUtc === monday), 'the 09:00 shift row');
    const begun = [...h.shifts.values()].find((s) => s.rotationId === row.id && s.startUtc === monday)!;
    await untilShift(begun.id, (x) => x.startUtc === monday, 'the 09:00 shift open, late');
    const state = await shift(begun.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app' }] });
    assert.equal(state.assigneeId, ana);
  });
});
