import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../activities';
import { EVENTS_CHANNEL, type FamilyEventEnvelope } from '../api/events/publisher';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { freePort } from '../test/support/ports';
import { getTestTemporal, quietTemporalLogs, seedInvitation, stopTestTemporal } from '../test/support/temporal';
import { connectClient } from './client';
import { startDevServer } from './dev-server';
import { startInvitationExpiry } from './invitations';
import { hasSearchAttributes } from './search-attributes';
import { connectWorker, createWorker } from './worker';

describe('invitation expiry on a real dev server, worker and PostgreSQL', () => {
  // Each file gets its own queue: the dev server may be shared with other test files.
  const taskQueue = `dev-server-test-${randomUUID()}`;
  let db: TestDatabase;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    quietTemporalLogs();
    const [temporal, database] = await Promise.all([getTestTemporal(), createTestDatabase()]);
    db = database;
    ({ connection, client } = await connectClient(temporal));
    workerConnection = await connectWorker(temporal.address);
    worker = await createWorker({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue,
      activities: createActivities({ dataSource: db.dataSource }),
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await connection?.close();
    await db?.drop();
    await stopTestTemporal();
  });

  test('nobody answers in time → the row is expired, the family hears it, ops can find the workflow', async () => {
    const input = await seedInvitation(db.dataSource, { ttlMs: 2_000 });
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    const notified = once(listener, 'notification');

    const handle = await startInvitationExpiry(client, taskQueue, input);
    assert.equal(await handle.result(), 'expired');

    const [row] = await db.dataSource.query('SELECT status, answered_at FROM invitations WHERE id = $1', [input.invitationId]);
    assert.equal(row.status, 'expired');
    assert.ok(row.answered_at instanceof Date);
    // The instant it lapsed, not before: the timer honoured expiresAt.
    assert.ok(row.answered_at.getTime() >= Date.parse(input.expiresAt));

    const [message] = (await notified) as [pg.Notification];
    await listener.end();
    const envelope = JSON.parse(message.payload!) as FamilyEventEnvelope;
    assert.equal(envelope.familyId, input.familyId);
    assert.deepEqual(
      { type: envelope.event.type, status: 'invitation' in envelope.event ? envelope.event.invitation.status : undefined },
      { type: 'invitation.changed', status: 'expired' },
    );

    // Visibility is eventually consistent: poll, but give up after a bound.
    const query = `FamilyId = '${input.familyId}' AND CareKind = 'invitation'`;
    let found: string[] = [];
    for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
      if (attempt > 0) await delay(200);
      found = [];
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
    }
    assert.deepEqual(found, [handle.workflowId]);
  });

  test('a timer set before the dev server restarts still fires after it (the SQLite file keeps it); attributes missing from older data are added', async () => {
    // Its own server, whatever the suite shares: this test stops and restarts it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-restart-'));
    const options = { dbFile: path.join(dir, 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort() };
    const queue = `restart-test-${randomUUID()}`;
    const activities = createActivities({ dataSource: db.dataSource });

    let server = await startDevServer(options);
    // Closed in `finally` whichever phase fails: a server left running keeps this file alive until the runner kills it.
    let session: Awaited<ReturnType<typeof connectClient>> | undefined;
    let wc: NativeConnection | undefined;
    try {
      session = await connectClient({ address: server.address, namespace: 'default' });
      wc = await connectWorker(server.address);
      const client = session.client;
      const before = await createWorker({ connection: wc, namespace: 'default', taskQueue: queue, activities });
      const input = await before.runUntil(async () => {
        // Made only now: a server start and a workflow bundle take far longer than usual on a
        // loaded machine, and an invitation already expired when its workflow starts sets no timer.
        const seeded = await seedInvitation(db.dataSource, { ttlMs: 15_000 });
        await waitForTimer(await startInvitationExpiry(client, queue, seeded));
        return seeded;
      });
      // As if the data folder were made by a version before NextDoseAt: the CLI registers
      // its attributes only when it creates the database, so the restart must add it.
      await session.connection.operatorService.removeSearchAttributes({ namespace: 'default', searchAttributes: ['NextDoseAt'] });
      await wc.close();
      wc = undefined;
      await session.connection.close();
      session = undefined;
      await server.stop();

      server = await startDevServer(options);
      session = await connectClient({ address: server.address, namespace: 'default' });
      assert.ok(await hasSearchAttributes(session.connection, 'default'), 'every search attribute is registered again');
      wc = await connectWorker(server.address);
      const afterRestart = await createWorker({ connection: wc, namespace: 'default', taskQueue: queue, activities });
      const handle = session.client.workflow.getHandle(`invitation-expiry/${input.invitationId}`);
      assert.equal(await afterRestart.runUntil(handle.result()), 'expired');
      const [row] = await db.dataSource.query('SELECT status FROM invitations WHERE id = $1', [input.invitationId]);
      assert.equal(row.status, 'expired');
    } finally {
      await wc?.close();
      await session?.connection.close();
      await server.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * History is written by the server after the worker's task completes: poll it, with a bound (beside
 * a second suite on a slow day, 10 s was not enough). A workflow whose first task ran after its
 * invitation expired ends without a timer: said so at once rather than waited for.
 */
async function waitForTimer(handle: WorkflowHandle) {
  const { EventType } = proto.temporal.api.enums.v1;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { events } = await handle.fetchHistory();
    if (events?.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)) return;
    if (events?.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)) {
      throw new Error('the workflow ended without a timer: its first task ran after the invitation expired (the machine was slower than the TTL allows)');
    }
    await delay(100);
  }
  throw new Error('no TIMER_STARTED event within 60 s');
}
