import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { seedScheduleRow } from '../../activities/medication/schedule.test-seed';
import { openDatabase } from '../../api/db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/db/embedded-postgres';
import { connectClient } from '../../temporal/client';
import { medicationHandle, startMedicationSchedule } from '../../temporal/medications';
import { watchdogScheduleId } from '../../temporal/watchdog-schedule';
import { deleteScheduleSignal, medicationStateQuery } from '../../workflows/medication/messages';
import { freePort } from '../support/ports';
import { getTestTemporal } from '../support/temporal';
import { startWorkerProcess, until } from '../support/worker-process';

const SCHEDULES = 5;
/** Longer than the old budgets: the live event gave up after ~12 s of retries and failed the schedule. */
const OUTAGE_MS = 30_000;

/**
 * Issue 8 item 1, for real: PostgreSQL is stopped across the instant five medication
 * schedules fall due, for 30 s, then started again. Real dev server, real worker process
 * and activities, the schedules' own PostgreSQL (this file's, so it can stop it). When
 * the database is back every due reminder goes out exactly once, within the retry cap
 * (10 s) of its return, and every schedule is still running, waiting for its answer.
 */
describe('a database outage across a due instant (dev server, PostgreSQL, worker process)', { timeout: 240_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-outage-'));
  const taskQueue = `outage-${randomBytes(4).toString('hex')}`;
  let port: number;
  let pg: EmbeddedDatabase;
  let db: DataSource;
  let connection: Connection;
  let client: Client;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  const scheduleIds: string[] = [];

  before(async () => {
    fs.chmodSync(dir, 0o777); // embedded-postgres runs as an unprivileged user when we are root
    port = await freePort();
    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    db = await openDatabase(pg.url);
    const temporal = await getTestTemporal();
    ({ connection, client } = await connectClient(temporal));
    worker = await startWorkerProcess({ databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue });
  });

  after(async () => {
    for (const id of scheduleIds) await medicationHandle(client, id).signal(deleteScheduleSignal).catch(() => {});
    await worker?.stop();
    await client?.schedule.getHandle(watchdogScheduleId(taskQueue)).delete().catch(() => {});
    await connection?.close();
    if (db?.isInitialized) await db.destroy().catch(() => {});
    await pg?.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`PostgreSQL down for ${OUTAGE_MS / 1000} s across the due instant → every reminder once after it returns, no schedule failed`, async () => {
    // The first whole minute at least 20 s away: the schedules are waiting for it when the database goes.
    const dueMs = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const due = new Date(dueMs).toISOString();
    const hhmm = due.slice(11, 16);
    const doseKey = `${due.slice(0, 10)}T${hhmm}`;
    for (let i = 0; i < SCHEDULES; i++) {
      const row = await seedScheduleRow(db, { timeZone: 'UTC', timesOfDay: [hhmm], startDate: due.slice(0, 10), doseCount: 1 });
      scheduleIds.push(row.scheduleId);
      await startMedicationSchedule(client, taskQueue, {
        scheduleId: row.scheduleId,
        familyId: row.familyId,
        careRecipientId: row.recipientId,
        assignedCaregiverId: row.anna,
        answerWindowMinutes: 30,
        snoozeMinutes: 10,
        maxSnoozes: 3,
      });
    }
    for (const id of scheduleIds) {
      await until(`schedule ${id} to wait for ${doseKey}`, async () => ((await medicationHandle(client, id).query(medicationStateQuery)).nextDose?.doseKey === doseKey ? true : undefined));
    }

    // Down 10 s before the due instant, back 20 s after it.
    await delay(Math.max(0, dueMs - 10_000 - Date.now()));
    await db.destroy();
    await pg.stop();
    const downAt = Date.now();
    await delay(OUTAGE_MS);
    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    const backAt = Date.now();
    db = await openDatabase(pg.url, { migrate: false });
    assert.ok(downAt < dueMs && backAt > dueMs + 15_000, 'the outage spans the due instant');

    const sent = await until(
      'every due reminder',
      async () => {
        const rows: { idempotency_key: string; n: number; first_at: Date }[] = await db.query(
          `SELECT idempotency_key, count(*)::int AS n, min(created_at) AS first_at FROM outbox_messages WHERE idempotency_key LIKE '%/due/%' GROUP BY idempotency_key`,
        );
        return rows.length >= SCHEDULES ? rows : undefined;
      },
      60_000,
    );
    // A moment for anything that would wrongly go out twice.
    await delay(3_000);
    const again: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE '%/due/%'`);
    assert.equal(again[0]!.n, SCHEDULES, 'one reminder per schedule, none twice');
    assert.deepEqual(
      sent.map((r) => r.idempotency_key.split('/').slice(1, 3).join('/')).sort(),
      scheduleIds.map((id) => `${id}/${doseKey}`).sort(),
    );
    const lastMs = Math.max(...sent.map((r) => new Date(r.first_at).getTime()));
    console.log(`outage ${((backAt - downAt) / 1000).toFixed(1)} s; last reminder ${((lastMs - backAt) / 1000).toFixed(1)} s after the database was back`);
    assert.ok(lastMs - backAt < 20_000, `every reminder within 20 s of the return (last after ${lastMs - backAt} ms)`);

    for (const id of scheduleIds) {
      const handle = medicationHandle(client, id);
      assert.equal((await handle.describe()).status.name, 'RUNNING', `schedule ${id} still runs`);
      const state = await handle.query(medicationStateQuery);
      assert.equal(state.pendingDose?.doseKey, doseKey, 'and waits for the answer to its dose');
    }
    const rows: { status: string }[] = await db.query('SELECT status FROM medication_schedules WHERE id = ANY($1)', [scheduleIds]);
    assert.deepEqual(rows.map((r) => r.status), Array(SCHEDULES).fill('active'), 'the watchdog found nothing to stop');
  });
});
