import assert from 'node:assert/strict';
import { test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { FailureTally, answerFailureReason, updateFailureReason } from './update-failures';

const grpcError = (code: status, details: string) => Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details });

test('a workflow refusal, a gRPC status and anything else are told apart', { timeout: 10_000 }, () => {
  const refused = new WorkflowUpdateFailedError('Update failed', ApplicationFailure.nonRetryable('Dose 08:00 has already been answered.', 'DoseAlreadyAnswered'));
  assert.equal(updateFailureReason(refused), 'refused by the workflow: DoseAlreadyAnswered');
  const lost = new WorkflowUpdateFailedError('Update failed', ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true }));
  assert.equal(updateFailureReason(lost), 'accepted, then its run ended first: AcceptedUpdateCompletedWorkflow');
  const timedOut = new WorkflowUpdateRPCTimeoutOrCancelledError('deadline', { cause: grpcError(status.DEADLINE_EXCEEDED, 'deadline') });
  assert.equal(updateFailureReason(timedOut), 'WorkflowUpdateRPCTimeoutOrCancelledError (gRPC DEADLINE_EXCEEDED): deadline');
  const busy = new ServiceError('Workflow Update failed', { cause: grpcError(status.RESOURCE_EXHAUSTED, 'namespace rate limit exceeded') });
  assert.match(updateFailureReason(busy), /^ServiceError \(gRPC RESOURCE_EXHAUSTED\): Workflow Update failed$/);
  assert.equal(updateFailureReason(new TypeError('x\n  y')), 'TypeError: x y');
  assert.equal(updateFailureReason('nope'), 'thrown string');
});

test('the tally lists the most frequent reasons first and sums the rest', { timeout: 10_000 }, () => {
  const tally = new FailureTally();
  assert.equal(tally.summary(), 'no failure');
  for (let i = 0; i < 3; i++) tally.add(new TypeError('a'));
  tally.add(new RangeError('b'));
  tally.add(new SyntaxError('c'));
  assert.equal(tally.summary(2), '5 failed: 3 × TypeError: a; 1 × RangeError: b; 1 for 1 other reason(s)');
  assert.equal(tally.total, 5);
});

test('an answer refused for a dose on record as missed is counted as that; other refusals and an unreadable record keep the workflow’s word', { timeout: 10_000 }, async () => {
  const onRecord = (outcome: string | null) => ({ query: async () => (outcome ? [{ outcome }] : []) }) as unknown as DataSource;
  const refused = (type: string) => new WorkflowUpdateFailedError('Update failed', ApplicationFailure.nonRetryable('Refused.', type));
  const reason = (db: DataSource, err: unknown) => answerFailureReason(db, 's1', '2026-12-08T08:00', err);
  assert.equal(await reason(onRecord('missed'), refused('DoseAlreadyAnswered')), 'refused by the workflow: DoseAlreadyAnswered, the dose on record as missed');
  assert.equal(await reason(onRecord('missed'), refused('WrongDose')), 'refused by the workflow: WrongDose, the dose on record as missed');
  assert.equal(await reason(onRecord('taken'), refused('DoseAlreadyAnswered')), 'refused by the workflow: DoseAlreadyAnswered');
  assert.equal(await reason(onRecord(null), refused('DoseAlreadyAnswered')), 'refused by the workflow: DoseAlreadyAnswered', 'answered, not written yet');
  assert.equal(await reason(onRecord('missed'), refused('SnoozeLimitReached')), 'refused by the workflow: SnoozeLimitReached');
  const down = { query: async () => Promise.reject(new Error('connection refused')) } as unknown as DataSource;
  assert.equal(await reason(down, refused('DoseAlreadyAnswered')), 'refused by the workflow: DoseAlreadyAnswered');
  assert.equal(await reason(onRecord('missed'), new TypeError('x')), 'TypeError: x', 'not a refusal: no lookup');
});
