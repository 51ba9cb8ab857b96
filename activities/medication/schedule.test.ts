/**
 * The schedule model: what a client may send (validation and defaults) and the calendar
 * arithmetic behind "every N days" and dose counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayNumber, doseDaysBefore, isDoseDay, localDateOf, MedicationScheduleInput, weekdayOf, type DosePattern } from './schedule';

const valid = {
  medicationName: 'Metformin',
  dose: '500 mg, 1 tablet',
  careRecipientId: '0b6f7a8e-3c1d-4a51-9b9e-2f0f3d7c1a11',
  assignedCaregiverId: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
  timeZone: 'Europe/Paris',
  timesOfDay: ['08:00', '20:00'],
  pattern: { kind: 'daily' },
  startDate: '2026-03-01',
};

const issues = (input: unknown) => {
  const r = MedicationScheduleInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('a minimal schedule is valid and gets the defaults: 30-minute answer window, 10-minute snooze, 3 snoozes, not as-needed', () => {
  const s = MedicationScheduleInput.parse(valid);
  assert.equal(s.answerWindowMinutes, 30);
  assert.equal(s.snoozeMinutes, 10);
  assert.equal(s.maxSnoozes, 3);
  assert.equal(s.asNeeded, false);
  assert.equal(s.headsUpMinutes, undefined);
});

test('times of day must be real 24-hour times, in order, each once, at most 12', () => {
  assert.deepEqual(issues({ ...valid, timesOfDay: ['8:00'] }), ['timesOfDay.0: must be a 24-hour time such as 08:00']);
  assert.deepEqual(issues({ ...valid, timesOfDay: ['24:00'] }), ['timesOfDay.0: must be a 24-hour time such as 08:00']);
  assert.deepEqual(issues({ ...valid, timesOfDay: ['20:00', '08:00'] }), ['timesOfDay: list times in order, each once']);
  assert.deepEqual(issues({ ...valid, timesOfDay: ['08:00', '08:00'] }), ['timesOfDay: list times in order, each once']);
  const thirteen = Array.from({ length: 13 }, (_, i) => `${String(i + 1).padStart(2, '0')}:00`);
  assert.deepEqual(issues({ ...valid, timesOfDay: thirteen }), ['timesOfDay: at most 12 times a day']);
  assert.deepEqual(issues({ ...valid, timesOfDay: [] }), ['timesOfDay: at least one time of day (or mark the medication as needed)']);
  assert.deepEqual(issues({ ...valid, timesOfDay: [], asNeeded: true }), []);
});

test('the zone must be an IANA zone the runtime knows', () => {
  assert.deepEqual(issues({ ...valid, timeZone: 'Europe/Pariss' }), ['timeZone: Choose a time zone from the list, such as Europe/Paris.']);
  assert.deepEqual(issues({ ...valid, timeZone: 'CET' }), ['timeZone: Choose a time zone from the list, such as Europe/Paris.']);
});

test('patterns: chosen weekdays at least one and each once; every N days from 2 to 30', () => {
  assert.deepEqual(issues({ ...valid, pattern: { kind: 'weekdays', days: ['mon', 'thu'] } }), []);
  assert.deepEqual(issues({ ...valid, pattern: { kind: 'weekdays', days: [] } }), ['pattern.days: choose at least one day']);
  assert.deepEqual(issues({ ...valid, pattern: { kind: 'weekdays', days: ['mon', 'mon'] } }), ['pattern.days: each day once']);
  assert.equal(issues({ ...valid, pattern: { kind: 'weekdays', days: ['monday'] } }).length, 1);
  assert.deepEqual(issues({ ...valid, pattern: { kind: 'everyNDays', n: 2 } }), []);
  assert.equal(issues({ ...valid, pattern: { kind: 'everyNDays', n: 1 } }).length, 1);
  assert.equal(issues({ ...valid, pattern: { kind: 'everyNDays', n: 31 } }).length, 1);
  assert.equal(issues({ ...valid, pattern: { kind: 'hourly' } }).length, 1);
});

test('an end date or a dose count, not both; the end date not before the start', () => {
  assert.deepEqual(issues({ ...valid, endDate: '2026-03-31' }), []);
  assert.deepEqual(issues({ ...valid, doseCount: 20 }), []);
  assert.deepEqual(issues({ ...valid, endDate: '2026-03-31', doseCount: 20 }), ['doseCount: give an end date or a number of doses, not both']);
  assert.deepEqual(issues({ ...valid, endDate: '2026-02-28' }), ['endDate: end date before start date']);
  assert.deepEqual(issues({ ...valid, startDate: '2026-02-30' }), ['startDate: must be a date such as 2026-03-08']);
});

test('bounds on reminders: heads-up 0–120, answer window 5–240, unknown fields refused', () => {
  assert.deepEqual(issues({ ...valid, headsUpMinutes: 15, answerWindowMinutes: 240 }), []);
  assert.equal(issues({ ...valid, headsUpMinutes: 121 }).length, 1);
  assert.equal(issues({ ...valid, answerWindowMinutes: 4 }).length, 1);
  assert.equal(issues({ ...valid, answerWindowMinutes: 241 }).length, 1);
  assert.equal(issues({ ...valid, answerWindowMinutes: 30.5 }).length, 1);
  assert.equal(issues({ ...valid, timezone: 'Europe/Paris' }).length, 1);
});

test('supply and an escalation override are optional and validated', () => {
  assert.deepEqual(issues({ ...valid, supply: { count: 60, refillThreshold: 10 } }), []);
  assert.equal(issues({ ...valid, supply: { count: -1, refillThreshold: 10 } }).length, 1);
  const policy = { steps: [{ targets: { kind: 'role', role: 'admin' }, channels: ['sms'], waitMinutes: 15 }], repeat: 2 };
  assert.deepEqual(issues({ ...valid, escalationPolicy: policy }), []);
  assert.equal(issues({ ...valid, escalationPolicy: { ...policy, steps: [] } }).length, 1);
});

test('calendar arithmetic: day numbers round-trip and weekdays are right', () => {
  assert.equal(dayNumber('1970-01-01'), 0);
  assert.equal(localDateOf(dayNumber('2026-03-08')), '2026-03-08');
  assert.equal(weekdayOf(dayNumber('2026-03-08')), 'sun');
  assert.equal(weekdayOf(dayNumber('2026-01-01')), 'thu');
  assert.equal(weekdayOf(dayNumber('1969-12-31')), 'wed'); // before the epoch too
});

test('dose days before a day: every N days counts the cycles begun, also from a day that is not a dose day', () => {
  const start = dayNumber('2026-01-10');
  const every3 = { kind: 'everyNDays', n: 3 } as const;
  assert.equal(doseDaysBefore(every3, start, start), 0);
  assert.equal(doseDaysBefore(every3, start, start + 1), 1); // the 10th
  assert.equal(doseDaysBefore(every3, start, start + 3), 1); // the 10th, not yet the 13th
  assert.equal(doseDaysBefore(every3, start, start + 4), 2);
  assert.equal(doseDaysBefore(every3, start, start - 5), 0);
  assert.ok(isDoseDay(every3, start, start + 3) && !isDoseDay(every3, start, start + 4) && isDoseDay(every3, start, start - 3));
  // Mondays and Thursdays from Thursday 1 January 2026: 1, 5, 8, 12, 15 → 4 before the 15th.
  const monThu: DosePattern = { kind: 'weekdays', days: ['mon', 'thu'] };
  assert.equal(doseDaysBefore(monThu, dayNumber('2026-01-01'), dayNumber('2026-01-15')), 4);
  assert.equal(doseDaysBefore(monThu, dayNumber('2026-01-01'), dayNumber('2026-01-16')), 5);
  assert.equal(doseDaysBefore({ kind: 'daily' }, start, start + 10), 10);
});
