/**
 * Benchmark (not a test): how late does a reminder arrive, and how many can we start?
 *
 *   npm run bench:escalation            # 100 escalations
 *   BENCH_ESCALATIONS=300 npm run bench:escalation
 *
 * On a throwaway PostgreSQL + Temporal dev server with the real worker and activities
 * (deliveries to the dev outbox), it starts N escalations at once, each "page Anna, wait
 * 1 minute, page Ben". Lateness of a reminder = when Ben's page was recorded as sent minus
 * when it was due (the instant the 1-minute timer was set to fire). Prints figures only.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { seedFamily } from '../activities/escalation/open-escalation.test-seed';
import { startEscalation } from '../temporal/escalations';
import { startThrowawayStack } from '../temporal/throwaway-stack';
import { printSummary } from './figures';

const N = Number(process.env.BENCH_ESCALATIONS ?? 100);
const WAIT_MS = 60_000;

const stack = await startThrowawayStack('bench', path.join(os.tmpdir(), 'carecircle-bench-unused'));
const { client, dataSource, worker, taskQueue } = stack;

await worker.runUntil(async () => {
  const runs: ({ escalationId: string } & Awaited<ReturnType<typeof seedFamily>>)[] = [];
  for (let i = 0; i < N; i++) {
    const family = await seedFamily(dataSource);
    await dataSource.query(
      `INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 1)`,
      [family.recipientId, family.familyId, JSON.stringify([
        { targets: { kind: 'members', userIds: [family.anna] }, channels: ['email'], waitMinutes: 1 },
        { targets: { kind: 'members', userIds: [family.ben] }, channels: ['email'], waitMinutes: 1 },
      ])],
    );
    runs.push({ escalationId: randomUUID(), ...family });
  }

  const t0 = Date.now();
  await Promise.all(
    runs.map((r) =>
      startEscalation(client, taskQueue, {
        escalationId: r.escalationId,
        familyId: r.familyId,
        careRecipientId: r.recipientId,
        kind: 'test',
        urgency: 'urgent',
      }),
    ),
  );
  const startMs = Date.now() - t0;
  console.log(`started ${N} escalations in ${startMs} ms (${((N * 1000) / startMs).toFixed(0)} starts/s)`);

  // Every second page is due a minute after its escalation's first wait began.
  const deadline = Date.now() + WAIT_MS * 4;
  let sent: { key: string; at: Date }[] = [];
  while (Date.now() < deadline) {
    sent = (await dataSource.query(
      `SELECT idempotency_key AS key, updated_at AS at FROM delivery_attempts WHERE status = 'sent' AND idempotency_key LIKE '%/r1/s2/%'`,
    )) as { key: string; at: Date }[];
    if (sent.length >= N) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const firstPages = Number((await dataSource.query(`SELECT count(*) AS n FROM delivery_attempts WHERE status = 'sent' AND idempotency_key LIKE '%/r1/s1/%'`))[0].n);
  console.log(`first pages sent: ${firstPages}/${N}; second pages sent: ${sent.length}/${N}; all within ${Date.now() - t0} ms of the first start`);

  const lateness: number[] = [];
  for (const s of sent) {
    const escalationId = s.key.split('/')[1]!;
    const history = await client.workflow.getHandle(`escalation/${escalationId}`).fetchHistory();
    const timer = history.events?.find((e) => e.timerStartedEventAttributes);
    const setAt = Number(timer!.eventTime!.seconds) * 1000 + Math.floor((timer!.eventTime!.nanos ?? 0) / 1e6);
    const fireAfter = Number(timer!.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000;
    lateness.push(new Date(s.at).getTime() - (setAt + fireAfter));
  }
  printSummary('reminder lateness (second page sent − due)', lateness);

  // Close the remaining waits so the stack stops promptly.
  await Promise.all(runs.map((r) => client.workflow.getHandle(`escalation/${r.escalationId}`).terminate('benchmark done').catch(() => {})));
});
await stack.stop();
