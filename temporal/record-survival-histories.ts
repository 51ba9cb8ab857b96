/**
 * Records the replay fixture of a schedule that goes on past activities failing for good
 * (workflows/failures.ts): its live events never get through, and PostgreSQL refuses the
 * skip reason (a NUL byte), so the dose is recorded without it. Same world as
 * record-medication-histories.ts (fakes, time-skipping server), with those two failures.
 *
 *   node --import tsx temporal/record-survival-histories.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { skippedUpdate } from '../workflows/medication/messages';
import { createMedicationHarness } from '../workflows/medication/testing/harness';
import { historyToJson } from './history-json';

const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'medication', 'histories');
fs.mkdirSync(out, { recursive: true });

const h = createMedicationHarness();
h.activities.announceDose = async () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
};
const record = h.activities.recordDoseOutcome;
h.activities.recordDoseOutcome = async (input) => {
  if (input.reason?.includes('\u0000')) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  return record(input);
};
await h.start();
try {
  const { scheduleId, handle, dueMs, key } = await h.scheduleOf({});
  await h.skipTo(dueMs('08:00'));
  await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
  await h.untilState(handle, (s) => s.phase === 'awaiting_answer', 'the dose to be open');
  await handle.executeUpdate(skippedUpdate, { args: [{ doseKey: key('08:00'), userId: h.caregiver, via: 'app', reason: 'nausea\u0000' }] });
  await handle.result();
  const file = path.join(out, 'survived-failed-activities.json');
  fs.writeFileSync(file, historyToJson(await handle.fetchHistory()));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await h.stop();
}
