import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { getTestTemporal, quietTemporalLogs, stopTestTemporal } from '../../test/support/temporal';
import { answerForTest, type failingTaskForTest } from './workflow-not-ready.fixture';
import { asUnavailable } from './unavailable';

const taskQueue = `workflow-not-ready-${randomUUID()}`;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let client: Client;

before(async () => {
  quietTemporalLogs();
  const temporal = await getTestTemporal();
  nativeConnection = await NativeConnection.connect({ address: temporal.address });
  worker = await Worker.create({ connection: nativeConnection, namespace: temporal.namespace, taskQueue, workflowsPath: path.join(import.meta.dirname, 'workflow-not-ready.fixture.ts') });
  running = worker.run();
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
});

after(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await nativeConnection?.close();
  await stopTestTemporal();
});

test('an answer to a workflow whose task keeps failing is a 503 to retry, not a 500, as the real server words it', { timeout: 90_000 }, async () => {
  const handle = await client.workflow.start<typeof failingTaskForTest>('failingTaskForTest', { taskQueue, workflowId: `workflow-not-ready/${randomUUID()}` });
  // From its third attempt on, the server refuses an Update at once (before that it waits, and
  // the API's 3-s deadline answers 503 already).
  const attempt = async () => Number((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0);
  while ((await attempt()) < 3) await new Promise((resolve) => setTimeout(resolve, 200));
  const refused = await connection.withDeadline(Date.now() + 3_000, () => handle.executeUpdate(answerForTest)).catch((err: unknown) => err);
  assert.equal((refused as { cause?: { code?: number } }).cause?.code, 9, `refused as FAILED_PRECONDITION: ${String(refused)}`);
  assert.equal(asUnavailable(refused)?.status, 503);
  await handle.terminate('test over');
});
