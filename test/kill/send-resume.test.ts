import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Client, Connection } from '@temporalio/client';
import { seedFamily } from '../../activities/escalation/open-escalation.test-seed';
import { connectClient } from '../../temporal/client';
import { startEscalation } from '../../temporal/escalations';
import { watchdogScheduleId } from '../../temporal/watchdog-schedule';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { getTestTemporal } from '../support/temporal';
import { startWorkerProcess, until } from '../support/worker-process';

/** The bound of issue 8 item 1: interrupted sends go out again within 10 s of a restarted worker (it was 32 s). */
const RESUME_BOUND_MS = 10_000;

/**
 * A worker process is SIGKILLed while an SMS is on its way to Twilio (the fake Twilio
 * holds the first request and never answers it). A new worker starts; the send must be
 * tried again within 10 s of it polling — the send heartbeats, so the dead attempt is
 * given up after its 3-s heartbeat timeout, not after its 30-s start-to-close.
 */
describe('an interrupted send resumes quickly after a worker restart (dev server, PostgreSQL, worker process)', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let connection: Connection;
  let client: Client;
  let address: string;
  const taskQueue = `resume-${randomBytes(4).toString('hex')}`;
  const workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
  const arrivals: number[] = [];
  // The first request hangs (the provider is slow when the worker dies); later ones are accepted.
  const twilio = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      if (arrivals.length === 1) return;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued' }));
    });
  });

  before(async () => {
    db = await createTestDatabase();
    address = (await getTestTemporal()).address;
    ({ connection, client } = await connectClient({ address, namespace: 'default' }));
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
  });

  after(async () => {
    for (const w of workers) await w.stop();
    await client?.schedule.getHandle(watchdogScheduleId(taskQueue)).delete().catch(() => {});
    await connection?.close();
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
    await db?.drop();
  });

  const start = () =>
    startWorkerProcess({
      databaseUrl: db.url,
      temporalAddress: address,
      taskQueue,
      extra: {
        TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'token',
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
      },
    }).then((w) => (workers.push(w), w));

  test('SIGKILL while Twilio has not answered → the restarted worker sends again within 10 s, and the page is recorded sent', async () => {
    const f = await seedFamily(db.dataSource);
    await db.dataSource.query(`UPDATE users SET phone = '+33612345678', phone_verified_at = now() WHERE id = $1`, [f.anna]);
    const steps = [{ targets: { kind: 'members', userIds: [f.anna] }, channels: ['sms'], waitMinutes: 1 }];
    await db.dataSource.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 1)`, [
      f.recipientId,
      f.familyId,
      JSON.stringify(steps),
    ]);
    const first = await start();
    const escalationId = randomUUID();
    const handle = await startEscalation(client, taskQueue, { escalationId, familyId: f.familyId, careRecipientId: f.recipientId, kind: 'test', urgency: 'urgent' });

    await until('the SMS to reach Twilio', async () => (arrivals.length === 1 ? true : undefined));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const killedAt = Date.now();

    await start();
    const readyAt = Date.now();
    await until('the SMS to be sent again', async () => (arrivals.length >= 2 ? true : undefined), 40_000);
    const resumedMs = arrivals[1]! - readyAt;
    console.log(`worker back ${((readyAt - killedAt) / 1000).toFixed(1)} s after the kill; the send was tried again ${(resumedMs / 1000).toFixed(1)} s after it polled`);
    assert.ok(resumedMs < RESUME_BOUND_MS, `resumed ${resumedMs} ms after the new worker was ready`);

    const key = `esc/${escalationId}/r1/s1/${f.anna}/sms`;
    await until('the attempt recorded sent', async () => {
      const rows: { status: string }[] = await db.dataSource.query('SELECT status FROM delivery_attempts WHERE idempotency_key = $1', [key]);
      return rows[0]?.status === 'sent' ? true : undefined;
    });
    await handle.terminate('test over');
  });
});
