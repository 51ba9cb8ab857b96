/**
 * Records the replay fixtures of schedules that go on past activities failing for good
 * (workflows/failures.ts). Same world as record-medication-histories.ts (fakes,
 * time-skipping server), with these failures: live events never get through, PostgreSQL
 * refuses a skip reason (a NUL byte) so the dose is recorded without it, one dose's chain
 * cannot open its record (the chain fails), and the refill alert bounces.
 *
 *   node --import tsx temporal/record-survival-histories.ts
 *
 * `survived-failed-activities.json` (one dose, recorded before doses could be due
 * together) stays as it is: it stands for runs started before that change. This script
 * records today's paths beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { doseEscalationId } from '../activities/medication/activities';
import { PERMANENT_DELIVERY_FAILURE } from '../activities/escalation/types';
import { escalationWorkflowId } from '../workflows/escalation/messages';
import { skippedUpdate, takenUpdate } from '../workflows/medication/messages';
import { createMedicationHarness } from '../workflows/medication/testing/harness';
import { startSpringForwardSchedule } from '../workflows/medication/testing/spring-forward';
import { useFixtureKey } from './codec/fixture-keys';
import { historyToJson } from './history-json';

const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'medication', 'histories');
fs.mkdirSync(out, { recursive: true });
const fixtureKey = useFixtureKey();
const MINUTE = 60_000;

const h = createMedicationHarness();
h.activities.announceDose = async () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
};
const record = h.activities.recordDoseOutcome;
h.activities.recordDoseOutcome = async (input) => {
  if (input.reason?.includes('\u0000')) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  return record(input);
};
const failingChains = new Set<string>();
const openEscalation = h.activities.openEscalation;
h.activities.openEscalation = async (input) => {
  if (failingChains.has(input.escalationId)) throw Object.assign(new Error('insert or update violates foreign key constraint'), { code: '23503' });
  return openEscalation(input);
};
const sendMedicationMessage = h.activities.sendMedicationMessage;
h.activities.sendMedicationMessage = async (input) => {
  if (input.kind === 'refill') throw ApplicationFailure.nonRetryable('sendgrid: refused (400)', PERMANENT_DELIVERY_FAILURE);
  return sendMedicationMessage(input);
};

async function save(name: string, workflowId: string): Promise<void> {
  const file = path.join(out, `${name}.json`);
  fs.writeFileSync(file, historyToJson(await h.client().workflow.getHandle(workflowId).fetchHistory()));
  fixtureKey.remember(out);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

await h.start();
try {
  {
    // One dose: its live events fail, it is skipped with a reason PostgreSQL refuses.
    const { scheduleId, handle, dueMs, key } = await h.scheduleOf({});
    await h.skipTo(dueMs('08:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
    await h.untilState(handle, (s) => s.phase === 'awaiting_answer', 'the dose to be open');
    await handle.executeUpdate(skippedUpdate, { args: [{ doseKey: key('08:00'), userId: h.caregiver, via: 'app', reason: 'nausea\u0000' }] });
    await handle.result();
    await save('survived-failed-activities.doses-due-together', handle.workflowId);
  }
  {
    // Spring-forward day, 02:00, 02:30 and 03:00 due together at 07:00Z, no live event getting
    // through: 02:30 skipped with a refused reason, 02:00's chain reaches nobody (missed),
    // 03:00's chain fails and the dose is given late at 08:00Z; its refill alert bounces.
    const { due, keys, scheduleId, handle } = await startSpringForwardSchedule(h);
    h.supply.set(scheduleId, { count: 1, threshold: 1, alertDoseKey: null });
    const failing = doseEscalationId(scheduleId, keys[2]!);
    failingChains.add(failing);
    await h.skipTo(due);
    await h.until(() => h.remindersOf(scheduleId).length === 3, 'the three due reminders');
    await h.skipTo(due + 5 * MINUTE);
    await handle.executeUpdate(skippedUpdate, { args: [{ doseKey: keys[1]!, userId: h.caregiver, via: 'app', reason: 'asleep\u0000' }] });
    await h.skipTo(due + 30 * MINUTE);
    await h.until(() => h.pages.some((p) => p.escalationId === doseEscalationId(scheduleId, keys[0]!)), 'the 02:00 backup paged');
    await h.resultInRealTime(escalationWorkflowId(failing)).then(
      () => Promise.reject(new Error('the 03:00 chain should have failed')),
      () => undefined,
    );
    await h.skipTo(due + 60 * MINUTE);
    await h.until(() => h.recordOf(scheduleId, keys[0]!) !== undefined, 'the 02:00 dose missed');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: keys[2]!, userId: h.caregiver, via: 'app' }] });
    await handle.result();
    await save('due-together-survived-failed-activities', handle.workflowId);
    await save('due-together-survived-failed-activities.failed-chain', escalationWorkflowId(failing));
  }
} finally {
  await h.stop();
}
