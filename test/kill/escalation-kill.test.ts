import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client, Connection } from '@temporalio/client';
import { seedFamily } from '../../activities/escalation/open-escalation.test-seed';
import { connectClient } from '../../temporal/client';
import { startEscalation } from '../../temporal/escalations';
import { watchdogScheduleId } from '../../temporal/watchdog-schedule';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { getTestTemporal } from '../support/temporal';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The promise of ARCHITECTURE §4, for real: a worker process is SIGKILLed in the middle
 * of an escalation (step 1 sent, its wait running) and started again. The chain must
 * carry on where it was — every step once, nobody paged twice for the same step.
 *
 * Real dev server, real PostgreSQL, the real worker entry point (temporal/worker-main.ts)
 * with the real activities; deliveries go to the dev outbox. Waits are real too: the
 * shortest a policy allows is 1 minute, so the test takes a little over two minutes. No
 * test-only clock knob exists: what runs here is exactly what runs in production.
 */
describe('escalation survives a killed worker (dev server, PostgreSQL, worker process)', () => {
  let db: TestDatabase;
  let connection: Connection;
  let client: Client;
  let address: string;
  const taskQueue = `kill-${randomBytes(4).toString('hex')}`;
  const workers: ChildProcess[] = [];

  before(async () => {
    db = await createTestDatabase();
    const temporal = await getTestTemporal();
    address = temporal.address;
    ({ connection, client } = await connectClient(temporal));
  });

  after(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null)));
    // The worker keeps a watchdog schedule per task queue; this queue is gone with the test.
    await client?.schedule.getHandle(watchdogScheduleId(taskQueue)).delete().catch(() => {});
    await connection?.close();
    await db?.drop();
  });

  /** Starts `temporal/worker-main.ts` as its own process; resolves when it polls. */
  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        APP_BASE_URL: 'http://127.0.0.1:3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('worker ready')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output}`)));
    });
    return child;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(200);
    }
  }

  test('SIGKILL during step 1’s wait → after a restart step 2 and "unreached" happen once each, no send repeated', async () => {
    const f = await seedFamily(db.dataSource);
    await db.dataSource.query(`UPDATE users SET phone = '+33612345678', phone_verified_at = now() WHERE id = $1`, [f.anna]);
    // Caregivers for a minute (SMS or email), then the admin for a minute; once through.
    const step = (role: string) => ({ targets: { kind: 'role', role }, channels: ['sms', 'email'], waitMinutes: 1 });
    await db.dataSource.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 1)`, [
      f.recipientId,
      f.familyId,
      JSON.stringify([step('caregiver'), step('admin')]),
    ]);
    const escalationId = randomUUID();
    const prefix = `esc/${escalationId}`;

    const first = await startWorker();
    const handle = await startEscalation(client, taskQueue, {
      escalationId,
      familyId: f.familyId,
      careRecipientId: f.recipientId,
      kind: 'test',
      urgency: 'urgent',
    });

    // Step 1 is sent (Anna by SMS, Ben by email) and its one-minute wait has begun.
    await until('step 1 sent', async () => {
      const rows: unknown[] = await db.dataSource.query(
        `SELECT 1 FROM delivery_attempts WHERE idempotency_key LIKE $1 AND status = 'sent'`,
        [`${prefix}/r1/s1/%`],
      );
      return rows.length === 2 ? true : undefined;
    });
    await until('the wait to start', async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return events.some((e) => e.timerStartedEventAttributes) ? true : undefined;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    assert.equal(first.signalCode, 'SIGKILL');

    await startWorker();
    const outcome = await handle.result();
    assert.equal(outcome.outcome, 'unreached');

    // Every step of the story, exactly once.
    const events: { type: string; round: number | null; step: number | null; user_id: string | null; channel: string | null }[] =
      await db.dataSource.query(`SELECT type, round, step, user_id, channel FROM escalation_events WHERE escalation_id = $1 ORDER BY id`, [escalationId]);
    const story = events.filter((e) => e.type !== 'delivery').map((e) => `${e.type}${e.step ? ` r${e.round}/s${e.step}` : ''}`);
    assert.deepEqual(story, ['started', 'step_started r1/s1', 'step_started r1/s2', 'unreached']);
    const deliveries = events.filter((e) => e.type === 'delivery').map((e) => `r${e.round}/s${e.step}/${e.user_id}/${e.channel}`);
    assert.deepEqual(deliveries.sort(), [`r1/s1/${f.anna}/sms`, `r1/s1/${f.ben}/email`, `r1/s2/${f.admin}/email`].sort());

    // Each send went to the provider once: one attempt row per key, tried once, one outbox message per key.
    const attempts: { idempotency_key: string; status: string; tries: number }[] = await db.dataSource.query(
      `SELECT idempotency_key, status, tries FROM delivery_attempts WHERE escalation_id = $1 ORDER BY idempotency_key`,
      [escalationId],
    );
    assert.deepEqual(
      attempts.map((a) => [a.idempotency_key, a.status, a.tries]),
      [
        [`${prefix}/r1/s1/${f.anna}/sms`, 'sent', 1],
        [`${prefix}/r1/s1/${f.ben}/email`, 'sent', 1],
        [`${prefix}/r1/s2/${f.admin}/email`, 'sent', 1],
        [`${prefix}/unreached/${f.admin}/email`, 'sent', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const outbox: { idempotency_key: string; n: number }[] = await db.dataSource.query(
      `SELECT idempotency_key, count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE $1 GROUP BY idempotency_key`,
      [`${prefix}/%`],
    );
    assert.deepEqual(outbox.map((o) => o.n), [1, 1, 1, 1], `outbox: ${JSON.stringify(outbox)}`);

    // And Temporal's own view: the step-2 wait fired after the restart, on the new worker.
    const history = (await handle.fetchHistory()).events ?? [];
    assert.equal(history.filter((e) => e.timerFiredEventAttributes).length, 2);
  });
});
