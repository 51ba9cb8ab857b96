import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppointmentSeriesInput } from '../../../../api/contracts/appointments';
import { dayOf, newDraft, ordinalOf, toDraft, toInput, type AppointmentDraft } from './appointmentDraft';
import { leadWords, recurrenceWords } from './appointmentText';
import { addDays, weekStartOf } from './calendarDays';

const recipient = { id: '5f0c8a44-3b7e-4c5e-9a55-2b1f3c4d5e6f', timeZone: 'America/New_York' };
function draft(changes: (d: AppointmentDraft) => void): AppointmentDraft {
  const d = newDraft(recipient);
  d.title = 'Cardiology';
  d.date = '2026-12-08'; // a Tuesday, the second of its month
  d.recurrence.weekDays = [dayOf(d.date)];
  d.recurrence.ordinal = ordinalOf(d.date);
  d.recurrence.ordinalDay = dayOf(d.date);
  changes(d);
  return d;
}
/** What the API would accept: the builder's output goes through the shared contract. */
const accepted = (d: AppointmentDraft) => AppointmentSeriesInput.parse(toInput(d));

test('the recurrence builder writes RFC 5545 rules the API accepts: monthly on the 2nd Tuesday, on the last Friday, on a date', { timeout: 5_000 }, () => {
  const second = accepted(draft((d) => Object.assign(d.recurrence, { freq: 'MONTHLY', monthlyBy: 'weekday' })));
  assert.deepEqual(second.recurrence, { freq: 'MONTHLY', interval: 1, byDay: ['2TU'], exDates: [] });
  assert.equal(recurrenceWords(second.recurrence), 'Every month on the second Tuesday');

  const last = accepted(draft((d) => Object.assign(d.recurrence, { freq: 'MONTHLY', monthlyBy: 'weekday', ordinal: '-1', ordinalDay: 'FR', interval: 2 })));
  assert.deepEqual(last.recurrence?.byDay, ['-1FR']);
  assert.equal(recurrenceWords(last.recurrence), 'Every 2 months on the last Friday');

  const byDate = accepted(draft((d) => Object.assign(d.recurrence, { freq: 'MONTHLY', monthlyBy: 'date', monthDay: 8, endBy: 'count', count: 6 })));
  assert.deepEqual(byDate.recurrence, { freq: 'MONTHLY', interval: 1, byMonthDay: [8], count: 6, exDates: [] });
  assert.equal(recurrenceWords(byDate.recurrence), 'Every month on day 8, 6 times');
});

test('weekly on days, every N, ending on a date: the whole last day counts; no repeat is a one-off', { timeout: 5_000 }, () => {
  const weekly = accepted(
    draft((d) => Object.assign(d.recurrence, { freq: 'WEEKLY', interval: 2, weekDays: ['TH', 'TU'], endBy: 'date', untilDate: '2027-03-31' })),
  );
  assert.deepEqual(weekly.recurrence, { freq: 'WEEKLY', interval: 2, byDay: ['TU', 'TH'], until: '2027-03-31T23:59', exDates: [] });
  assert.match(recurrenceWords(weekly.recurrence), /^Every 2 weeks on Tuesday, Thursday, until /);
  const once = accepted(draft(() => undefined));
  assert.equal(once.recurrence, null);
  assert.equal(once.start, '2026-12-08T10:00');
  assert.equal(recurrenceWords(null), 'Once');
});

test('a saved series opens in the editor as it was saved', { timeout: 5_000 }, () => {
  for (const changes of [
    (d: AppointmentDraft) => Object.assign(d.recurrence, { freq: 'MONTHLY', monthlyBy: 'weekday', ordinal: '-1', ordinalDay: 'FR', endBy: 'count', count: 4 }),
    (d: AppointmentDraft) => Object.assign(d.recurrence, { freq: 'WEEKLY', weekDays: ['MO', 'WE'], endBy: 'date', untilDate: '2027-01-31', exDates: ['2026-12-14T10:00'] }),
    (d: AppointmentDraft) => Object.assign(d, { needsRide: true, rideLegs: ['return'], reminderLeads: [1440, 5] }),
  ]) {
    const input = accepted(draft(changes));
    assert.deepEqual(toInput(toDraft({ ...input, timeZone: recipient.timeZone })), input);
  }
});

test('dates for the builder and the week view: weekday, "which one" of the month, Monday starts', { timeout: 5_000 }, () => {
  assert.equal(dayOf('2026-12-08'), 'TU');
  assert.equal(ordinalOf('2026-12-08'), '2');
  assert.equal(ordinalOf('2026-12-29'), '-1', 'a fifth Tuesday is offered as the last one');
  assert.equal(weekStartOf('2026-12-06'), '2026-11-30', 'Sunday belongs to the week that began on Monday');
  assert.equal(weekStartOf('2026-03-09'), '2026-03-09');
  assert.equal(addDays('2026-03-28', 2), '2026-03-30', 'no DST night shortens a day');
  assert.deepEqual([10080, 1440, 120, 90].map(leadWords), ['7 days', '1 day', '2 hours', '90 minutes']);
});
