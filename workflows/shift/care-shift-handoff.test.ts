import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { checkInUpdate, checkOutUpdate, HANDOFF_NOTE_REQUIRED, requestSwapUpdate, SHIFT_TAKEN, SWAP_NOT_OPEN, takeSwapUpdate } from './messages';
import { createShiftHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** New York is UTC−4 from 14 March to 7 November 2027. */
const edt = (wall: string) => Date.parse(`${wall}:00Z`) + 4 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const within = (atMs: number, instant: number) => atMs >= instant && atMs - instant < 2_000;

describe('a care shift: swaps, check-out, the handoff note and the automatic close (time-skipping server)', () => {
  const h = createShiftHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { ana, ben, cleo, admin, until, skipTo, messagesOf, startShift, untilShift, rejected, shift } = h;

  test('a swap taken: the family is asked, the first to take it gets the shift, the second is refused, Ana is told', { timeout: TEST_MS }, async () => {
    const start = edt('2027-07-03T09:00');
    const s = await startShift({ start: iso(start), end: iso(start + 8 * HOUR), assigneeId: ana });
    await untilShift(s.id, (x) => x.startUtc !== '', 'the shift open');
    assert.equal(await rejected(shift(s.id).executeUpdate(takeSwapUpdate, { args: [{ userId: ben }] })), SWAP_NOT_OPEN);
    await shift(s.id).executeUpdate(requestSwapUpdate, { args: [{ userId: ana }] });
    await until(() => messagesOf(s.id, 'swap_request').length === 3, 'the family asked (not Ana)');
    assert.ok(!messagesOf(s.id, 'swap_request').some((m) => m.userId === ana));

    const race = await Promise.allSettled([ben, cleo].map((userId) => shift(s.id).executeUpdate(takeSwapUpdate, { args: [{ userId }] })));
    const won = race.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    const taker = won[0]!.value.assigneeId!;
    const lost = race.find((r) => r.status === 'rejected')!;
    assert.equal(await rejected(Promise.reject(lost.reason)), SHIFT_TAKEN);
    await until(() => messagesOf(s.id, 'swap_taken').length === 1, 'Ana told');
    assert.equal(messagesOf(s.id, 'swap_taken')[0]!.userId, ana);
    await until(() => h.shifts.get(s.id)!.assigneeId === taker && h.swaps.some((w) => w.shiftId === s.id && w.state === 'taken'), 'the row and the swap');

    // The 2-hour reminder goes to the new assignee.
    await skipTo(start - 2 * HOUR);
    await until(() => messagesOf(s.id, 'reminder').some((m) => m.leadMinutes === 120), 'the 2-hour reminder');
    assert.equal(messagesOf(s.id, 'reminder').find((m) => m.leadMinutes === 120)!.userId, taker);
  });

  test('a swap nobody takes closes at the start: the shift stays with Ana and she is told', { timeout: TEST_MS }, async () => {
    const start = edt('2027-07-10T09:00');
    const s = await startShift({ start: iso(start), end: iso(start + 8 * HOUR), assigneeId: ana });
    await untilShift(s.id, (x) => x.startUtc !== '', 'the shift open');
    await shift(s.id).executeUpdate(requestSwapUpdate, { args: [{ userId: ana }] });
    await until(() => messagesOf(s.id, 'swap_request').length === 3, 'the family asked');
    await skipTo(start);
    await until(() => messagesOf(s.id, 'swap_untaken').length === 1, 'Ana told nobody took it');
    assert.equal(messagesOf(s.id, 'swap_untaken')[0]!.userId, ana);
    assert.ok(within(messagesOf(s.id, 'swap_untaken')[0]!.atMs, start));
    const state = await untilShift(s.id, (x) => x.swap?.state === 'closed', 'the swap closed');
    assert.equal(state.assigneeId, ana);
    await until(() => h.swaps.some((w) => w.shiftId === s.id && w.state === 'closed'), 'the swap row closed');
    const on = await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app' }] });
    assert.equal(on.phase, 'on_shift');
  });

  test('check-out needs a handoff note; the note reaches the next shift\'s 2-hour reminder', { timeout: TEST_MS }, async () => {
    // Ana 06:00–14:00, Ben from 20:00: his 2-hour reminder (18:00) comes after her check-out.
    const first = edt('2027-08-07T06:00');
    const next = edt('2027-08-07T20:00');
    const a = await startShift({ start: iso(first), end: iso(first + 8 * HOUR), assigneeId: ana });
    const b = await startShift({ start: iso(next), end: iso(next + 12 * HOUR), assigneeId: ben });
    await skipTo(first);
    await untilShift(a.id, (x) => x.startUtc !== '', 'open');
    await shift(a.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app' }] });
    await until(() => h.shifts.get(a.id)!.state === 'on_shift', 'on shift');
    assert.equal(await rejected(shift(a.id).executeUpdate(checkOutUpdate, { args: [{ userId: ana, via: 'app', handoffNote: '  ', tasksDone: [] }] })), HANDOFF_NOTE_REQUIRED);
    await skipTo(first + 8 * HOUR - MINUTE);
    const done = await shift(a.id).executeUpdate(checkOutUpdate, { args: [{ userId: ana, via: 'app', handoffNote: 'Slept well; lunch at 12:30.', tasksDone: ['meds'] }] });
    assert.equal(done.phase, 'done');
    await skipTo(next - 2 * HOUR);
    await until(() => messagesOf(b.id, 'reminder').some((m) => m.leadMinutes === 120), 'the next shift\'s 2-hour reminder');
    const reminder = messagesOf(b.id, 'reminder').find((m) => m.leadMinutes === 120)!;
    assert.deepEqual([reminder.userId, reminder.handoffNote], [ben, 'Slept well; lunch at 12:30.']);
    // The 24-hour reminder came before the note existed and carries none.
    assert.equal(messagesOf(b.id, 'reminder').find((m) => m.leadMinutes === 1440)!.handoffNote, null);
  });

  test('no check-out: nudged at end + 15, closed automatically at the end of the local day and flagged for the admins', { timeout: TEST_MS }, async () => {
    const start = edt('2027-09-04T09:00');
    const end = start + 8 * HOUR;
    const s = await startShift({ start: iso(start), end: iso(end), assigneeId: cleo });
    await skipTo(start);
    await untilShift(s.id, (x) => x.startUtc !== '', 'open');
    await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: cleo, via: 'sms' }] });
    await skipTo(end + 15 * MINUTE);
    await until(() => messagesOf(s.id, 'checkout_nudge').length === 1, 'the check-out nudge');
    assert.ok(within(messagesOf(s.id, 'checkout_nudge')[0]!.atMs, end + 15 * MINUTE));
    // Midnight in New York (EDT) is 04:00 UTC the next day.
    const midnight = Date.parse('2027-09-05T04:00:00Z');
    await skipTo(midnight);
    await until(() => messagesOf(s.id, 'auto_closed').length === 1, 'the admins told');
    assert.equal(messagesOf(s.id, 'auto_closed')[0]!.userId, admin);
    assert.ok(within(messagesOf(s.id, 'auto_closed')[0]!.atMs, midnight));
    const result = await shift(s.id).result();
    assert.equal(result.phase, 'done');
    assert.deepEqual([h.shifts.get(s.id)!.autoClosed, h.shifts.get(s.id)!.state], [true, 'done']);
  });
});
