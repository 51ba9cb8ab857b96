import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { seedFamily } from '../../activities/escalation/open-escalation.test-seed';
import { openDatabase } from '../../api/db/data-source';
import { subscribeToFamily } from '../../api/medications/test-family';
import { startProductionStack, type ProductionStack } from '../../scripts/production/stack';
import { connectClient } from '../../temporal/client';
import { startEscalation } from '../../temporal/escalations';
import { signUp } from '../support/http';
import { until } from '../support/worker-process';

/**
 * The production topology, run for real: PostgreSQL, the Temporal server built from source
 * on PostgreSQL (frontend, history, matching, worker), two API replicas behind one
 * round-robin port, two worker processes. Through it: a medication reminder made through
 * the API reaches the dev outbox (and the live view over a ws that passes the proxy), an
 * unanswered escalation pages its chain step by step, and the worker holding that
 * escalation is SIGKILLed mid-wait: the other worker finishes it, every page sent once.
 * Waits are real (a dose time is a wall-clock minute, an escalation step waits one minute),
 * so this takes about three minutes after the stack is up. The Temporal server build (first
 * run only) happens in scripts/run-tests.ts before the files start.
 */
describe('production topology: Temporal on PostgreSQL, 2 API replicas behind a proxy, 2 workers', { timeout: 7 * 60_000 }, () => {
  let stack: ProductionStack;
  let db: DataSource;
  let connection: Connection;
  let client: Client;

  before(async () => {
    const t0 = Date.now();
    stack = await startProductionStack({ workers: 2, apiReplicas: 2, env: { RATE_LIMIT_MULTIPLIER: '1000' } });
    console.log(`production stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s (build ${(stack.timings.buildMs / 1000).toFixed(1)} s)`);
    db = await openDatabase(stack.databaseUrl, { migrate: false });
    ({ connection, client } = await connectClient({ address: stack.temporalAddress, namespace: stack.namespace }));
  });

  after(async () => {
    await connection?.close();
    await db?.destroy();
    await stack?.stop();
  });

  test('a reminder reaches the outbox, an unanswered escalation pages the chain, and a killed worker loses nothing', { timeout: 6 * 60_000 }, async () => {
    // ── A caregiver sets up a medication through the public port, due at the next whole minute (at least 25 s away).
    const admin = await signUp(stack.apiUrl, 'Admin');
    const familyId = (await admin.session.post('/api/families', { name: 'Production' })).body.family.id as string;
    const recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: 'UTC' })).body.recipient.id as string;
    const live = await subscribeToFamily(stack.apiUrl, admin.session, familyId);
    const dueAt = new Date(Math.ceil((Date.now() + 25_000) / 60_000) * 60_000);
    const created = await admin.session.post(`/api/families/${familyId}/medications`, {
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: recipientId,
      assignedCaregiverId: admin.user.id,
      timeZone: 'UTC',
      timesOfDay: [dueAt.toISOString().slice(11, 16)],
      pattern: { kind: 'daily' },
      startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scheduleId = created.body.medication.id as string;

    // ── Meanwhile an escalation for another family: caregivers for a minute, then the admin for a minute, nobody answers.
    const f = await seedFamily(db);
    await db.query(`UPDATE users SET phone = '+33612345678', phone_verified_at = now() WHERE id = $1`, [f.anna]);
    const step = (role: string) => ({ targets: { kind: 'role', role }, channels: ['sms', 'email'], waitMinutes: 1 });
    await db.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 1)`, [
      f.recipientId,
      f.familyId,
      JSON.stringify([step('caregiver'), step('admin')]),
    ]);
    const escalationId = randomUUID();
    const prefix = `esc/${escalationId}`;
    const handle = await startEscalation(client, stack.taskQueue, { escalationId, familyId: f.familyId, careRecipientId: f.recipientId, kind: 'test', urgency: 'urgent' });

    await until('escalation step 1 sent', async () => {
      const rows: unknown[] = await db.query(`SELECT 1 FROM delivery_attempts WHERE idempotency_key LIKE $1 AND status = 'sent'`, [`${prefix}/r1/s1/%`]);
      return rows.length === 2 ? true : undefined;
    });
    await until('step 1’s wait to start', async () => ((await handle.fetchHistory()).events ?? []).some((e) => e.timerStartedEventAttributes) || undefined);

    // ── SIGKILL the worker that ran the escalation's last workflow task (its identity is "<pid>@<host>").
    const before = (await handle.fetchHistory()).events ?? [];
    const lastIdentity = before.filter((e) => e.workflowTaskCompletedEventAttributes).at(-1)!.workflowTaskCompletedEventAttributes!.identity!;
    const victim = stack.workers.find((w) => lastIdentity.startsWith(`${w.pid}@`));
    assert.ok(victim, `no worker process matches identity ${lastIdentity} (workers ${stack.workers.map((w) => w.pid).join(', ')})`);
    const survivor = stack.workers.find((w) => w !== victim)!;
    victim.kill('SIGKILL');
    assert.equal((await victim.exited).signal, 'SIGKILL');

    // ── The dose reminder: sent once to the caregiver, in the outbox, and shown live through the proxy's ws.
    const due = await live.next((e) => e.type === 'dose.changed' && e.dose.scheduleId === scheduleId && e.dose.status === 'due');
    assert.equal(due.type === 'dose.changed' && Date.parse(due.dose.dueAt), dueAt.getTime());
    live.close();
    const reminders: { idempotency_key: string; n: number }[] = await until('the dose reminder in the outbox', async () => {
      const rows: { idempotency_key: string; n: number }[] = await db.query(
        `SELECT idempotency_key, count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE $1 AND user_id = $2 GROUP BY idempotency_key`,
        [`med/${scheduleId}/%/due/%`, admin.user.id],
      );
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(reminders.map((r) => r.n), [1], `one reminder, once: ${JSON.stringify(reminders)}`);

    // ── The chain goes on without the killed worker: step 2, then "unreached", each once.
    const outcome = await handle.result();
    assert.equal(outcome.outcome, 'unreached');
    const events: { type: string; round: number | null; step: number | null; user_id: string | null; channel: string | null }[] = await db.query(
      `SELECT type, round, step, user_id, channel FROM escalation_events WHERE escalation_id = $1 ORDER BY id`,
      [escalationId],
    );
    assert.deepEqual(
      events.filter((e) => e.type !== 'delivery').map((e) => `${e.type}${e.step ? ` r${e.round}/s${e.step}` : ''}`),
      ['started', 'step_started r1/s1', 'step_started r1/s2', 'unreached'],
    );
    const attempts: { idempotency_key: string; status: string; tries: number }[] = await db.query(
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
    const outbox: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE $1 GROUP BY idempotency_key`,
      [`${prefix}/%`],
    );
    assert.deepEqual(outbox.map((o) => o.n), [1, 1, 1, 1]);

    // ── Temporal's view: every workflow task after the kill ran on the surviving worker.
    const history = (await handle.fetchHistory()).events ?? [];
    const later = history.slice(before.length).filter((e) => e.workflowTaskCompletedEventAttributes).map((e) => e.workflowTaskCompletedEventAttributes!.identity!);
    assert.ok(later.length > 0);
    assert.ok(later.every((id) => id.startsWith(`${survivor.pid}@`)), `after the kill: ${later.join(', ')}; survivor ${survivor.pid}`);

    // ── Both API replicas took connections through the one port.
    assert.ok(stack.proxy.connections().every((n) => n > 0), `connections per replica: ${stack.proxy.connections().join(', ')}`);
  });
});
