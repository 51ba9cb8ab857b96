import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { seedScheduleRow } from '../../activities/medication/schedule.test-seed';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { ACCEPTED_UPDATE_ABORTED } from '../../api/http/workflow-refusal';
import { Answerer } from './reminders';
import type { SeededDose } from './seed';
import type { BenchStack } from './stack';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db?.drop());

/** A Temporal client whose every Update fails as the server fails it for the dose's key. */
function refusingClient(failures: Record<string, ApplicationFailure>): Client {
  const getHandle = () => ({
    executeUpdate: async (_update: unknown, { args: [{ doseKey }] }: { args: [{ doseKey: string }] }) => {
      throw new WorkflowUpdateFailedError('Workflow Update failed', failures[doseKey]);
    },
  });
  return { workflow: { getHandle } } as unknown as Client;
}

test('answers the server accepted then lost are followed to the record; a refusal for a missed dose says so', { timeout: 30_000 }, async () => {
  const seeded = await seedScheduleRow(db.dataSource);
  const dose = (doseKey: string): SeededDose => ({ ...seeded, doseKey, dueMs: 0 });
  const record = (doseKey: string, outcome: string) =>
    db.dataSource.query(`INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome) VALUES ($1, $2, now(), $3)`, [seeded.scheduleId, doseKey, outcome]);
  await record('2026-12-01T08:00', 'taken');
  await record('2026-12-02T08:00', 'taken');
  await record('2026-12-03T08:00', 'missed');
  const lost = ApplicationFailure.create({ type: ACCEPTED_UPDATE_ABORTED, nonRetryable: true });
  const client = refusingClient({
    '2026-12-01T08:00': lost,
    '2026-12-02T08:00': lost,
    '2026-12-04T08:00': lost,
    '2026-12-03T08:00': ApplicationFailure.nonRetryable('Dose 2026-12-03T08:00 has already been answered.', 'DoseAlreadyAnswered'),
  });
  const answerer = new Answerer({ client, dataSource: db.dataSource } as unknown as BenchStack, 2);
  for (const key of ['2026-12-01T08:00', '2026-12-02T08:00', '2026-12-03T08:00', '2026-12-04T08:00']) answerer.push(dose(key));
  await answerer.idle();

  assert.equal(answerer.answered, 0);
  assert.equal(
    await answerer.failureSummary(),
    '4 failed: 3 × accepted, then its run ended first: AcceptedUpdateCompletedWorkflow; ' +
      '1 × refused by the workflow: DoseAlreadyAnswered, the dose on record as missed ' +
      '(the 3 accepted then lost, on record at the end: 2 taken, 1 not recorded)',
  );
});
