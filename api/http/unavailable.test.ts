import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Metadata, status } from '@grpc/grpc-js';
import Router from '@koa/router';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import Koa from 'koa';
import { errorMiddleware } from './error-middleware';
import { toAppError as medicationError } from '../medications/workflow-errors';
import { asUnavailable } from './unavailable';
import { ACCEPTED_UPDATE_ABORTED } from './workflow-refusal';

/** A gRPC error as the Temporal server sends it: a status, and its typed reason in the status details. */
function grpcError(code: status, message: string, detailType?: string): Error {
  const metadata = new Metadata();
  if (detailType) {
    const details = [{ type_url: `type.googleapis.com/${detailType}`, value: new Uint8Array() }];
    metadata.set('grpc-status-details-bin', Buffer.from(proto.google.rpc.Status.encode({ code, message, details }).finish()));
  }
  return Object.assign(new Error(`${code} ${status[code]}: ${message}`), { code, details: message, metadata });
}

// How the client wraps a refused UpdateWorkflowExecution call.
const updateFailed = (cause: Error) => new ServiceError('Workflow Update failed', { cause });

const NOT_READY = 'temporal.api.errordetails.v1.WorkflowNotReadyFailure';

test('Temporal saying "not now" (busy, or the workflow\'s task failing and being retried) is a 503 to retry', { timeout: 10_000 }, () => {
  const notReady = updateFailed(grpcError(status.FAILED_PRECONDITION, 'Unable to perform workflow execution update due to unexpected workflow task failure.', NOT_READY));
  assert.equal(asUnavailable(notReady)?.status, 503);
  assert.deepEqual(asUnavailable(notReady)?.details, { retryAfterSeconds: 5, dependency: 'temporal' });
  const busy = updateFailed(grpcError(status.RESOURCE_EXHAUSTED, 'Workflow is busy.', 'temporal.api.errordetails.v1.ResourceExhaustedFailure'));
  assert.equal(asUnavailable(busy)?.status, 503);
  assert.equal(asUnavailable(updateFailed(grpcError(status.UNAVAILABLE, 'connection refused')))?.status, 503);
});

test('a precondition that is not a passing state, or any other refusal, is not called an outage', { timeout: 10_000 }, () => {
  assert.equal(asUnavailable(updateFailed(grpcError(status.FAILED_PRECONDITION, 'Namespace does not allow updates.'))), undefined);
  assert.equal(asUnavailable(updateFailed(grpcError(status.FAILED_PRECONDITION, 'x', 'temporal.api.errordetails.v1.NamespaceInvalidStateFailure'))), undefined);
  assert.equal(asUnavailable(updateFailed(grpcError(status.NOT_FOUND, 'workflow not found'))), undefined);
  const garbled = Object.assign(new Error('9 FAILED_PRECONDITION'), { code: status.FAILED_PRECONDITION, metadata: new Metadata() });
  garbled.metadata.set('grpc-status-details-bin', Buffer.from([0xff, 0xff, 0xff]));
  assert.equal(asUnavailable(garbled), undefined);
});

test('over HTTP, a workflow not ready answers 503 with Retry-After and no stack trace', { timeout: 10_000 }, async () => {
  const app = new Koa();
  app.use(errorMiddleware({ error: () => undefined }));
  const router = new Router();
  router.post('/api/doses/answer', () => {
    throw updateFailed(grpcError(status.FAILED_PRECONDITION, 'Unable to perform workflow execution update due to unexpected workflow task failure.', NOT_READY));
  });
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/doses/answer`, { method: 'POST' });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '5');
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unavailable');
    assert.match(body.error.message, /Try again in a moment/);
    assert.doesNotMatch(JSON.stringify(body), /workflow task failure|\.ts:\d+/);
  } finally {
    server.close();
  }
});

test('an answer the server accepted and then lost to a new run is a 503 to retry, not the workflow refusing it', { timeout: 10_000 }, () => {
  const aborted = new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type: ACCEPTED_UPDATE_ABORTED, nonRetryable: true, message: 'Workflow Update failed because the Workflow completed before the Update completed.' }),
  );
  assert.equal(medicationError(aborted), aborted, 'not turned into a 409 in the server\'s words');
  assert.equal(asUnavailable(aborted)?.status, 503);
  const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('Dose 08:00 has already been answered.', 'DoseAlreadyAnswered'));
  assert.equal((medicationError(refused) as { status?: number }).status, 409);
  assert.equal(asUnavailable(refused), undefined);
});
