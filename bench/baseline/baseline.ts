import { setTimeout as delay } from 'node:timers/promises';
import { line, report, summarize, type Summary } from '../suite/figures';
import type { BenchOptions } from '../suite/options';
import { minuteAhead, seedSchedules, type SeededDose } from '../suite/seed';
import type { BenchStack } from '../suite/stack';
import { steadyDues } from '../suite/steady';
import { BASELINE_TABLE, startScanJob } from './scan-job';

const MIN = 60_000;

async function enqueue(stack: BenchStack, doses: SeededDose[], batch: string): Promise<void> {
  await stack.dataSource.query(
    `INSERT INTO bench_baseline_doses (schedule_id, dose_key, family_id, user_id, batch, due_at)
     SELECT s, k, f, u, $5, d FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $6::timestamptz[]) AS t(s, k, f, u, d)`,
    [doses.map((d) => d.scheduleId), doses.map((d) => d.doseKey), doses.map((d) => d.familyId), doses.map((d) => d.anna), batch, doses.map((d) => new Date(d.dueMs))],
  );
}

async function lateness(stack: BenchStack, batch: string): Promise<{ values: number[]; duplicates: number }> {
  const rows = (await stack.dataSource.query(
    `SELECT extract(epoch FROM a.updated_at - d.due_at) * 1000 AS ms FROM bench_baseline_doses d
       JOIN delivery_attempts a ON a.idempotency_key = 'baseline/' || d.schedule_id || '/' || d.dose_key || '/due/' || d.user_id || '/email'
      WHERE d.batch = $1 AND a.status = 'sent'`,
    [batch],
  )) as { ms: string }[];
  const dup = (await stack.dataSource.query(
    `SELECT 1 FROM outbox_messages WHERE idempotency_key LIKE 'baseline/%' GROUP BY split_part(idempotency_key, '/', 2), split_part(idempotency_key, '/', 3) HAVING count(*) > 1`,
  )) as unknown[];
  return { values: rows.map((r) => Number(r.ms)), duplicates: dup.length };
}

/**
 * The baseline's T1 and T3 on the same PostgreSQL, one after the other on one running
 * job: the steady window's minutes, then the burst on the minute after it.
 */
export async function baseline(stack: BenchStack, o: BenchOptions): Promise<{ steady: Summary; burst: Summary }> {
  await stack.dataSource.query(BASELINE_TABLE);
  const perMinute = Math.round(o.steadyRatePerSec * 60);
  const first = minuteAhead(30_000);
  const steadyDoses = await seedSchedules(stack, steadyDues(first, perMinute, o.baselineWindowMin), { label: 'baseline T1', startWorkflows: false });
  const burstAt = first + o.baselineWindowMin * MIN;
  const burstDoses = await seedSchedules(stack, Array<number>(o.burst).fill(burstAt), { label: 'baseline T3', startWorkflows: false });
  await enqueue(stack, steadyDoses, 'T1');
  await enqueue(stack, burstDoses, 'T3');
  const job = startScanJob(stack.dataSource, stack.config, { intervalMs: MIN, phaseMs: o.baselinePhaseSec * 1000, senders: 10 });
  report('baseline', `scan every 60 s at ${o.baselinePhaseSec} s past the minute, 10 concurrent senders; T1 ${steadyDoses.length} doses over ${o.baselineWindowMin} min, T3 ${o.burst} on one minute`);
  const total = steadyDoses.length + burstDoses.length;
  const deadline = burstAt + 5 * MIN;
  for (;;) {
    const sent = Number((await stack.dataSource.query(`SELECT count(*) AS n FROM delivery_attempts WHERE status = 'sent' AND idempotency_key LIKE 'baseline/%'`))[0].n);
    if (sent >= total || Date.now() > deadline) break;
    await delay(1000);
  }
  await job.stop();
  const t1 = await lateness(stack, 'T1');
  const t3 = await lateness(stack, 'T3');
  const steady = summarize(t1.values);
  const burst = summarize(t3.values);
  report('baseline', line(`T1 reminder lateness (${t1.values.length}/${steadyDoses.length} sent)`, steady));
  report('baseline', line(`T3 reminder lateness (${t3.values.length}/${burstDoses.length} sent)`, burst));
  report('baseline', `reminded twice: ${t1.duplicates}; send failures: ${job.failures()}`);
  return { steady, burst };
}
