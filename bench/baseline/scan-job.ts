import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { Config } from '../../api/config';
import { pool } from '../suite/seed';

/**
 * The seed's design, rebuilt minimally for comparison only (never used by the app): a
 * table of next-due doses, and a job that every 60 s scans it for doses now due, marks
 * them taken by the scan (the queue's enqueue) and sends each with a bounded number of
 * concurrent senders (the queue's workers), through the same medication message
 * delivery, attempt records and dev outbox that the workflows use.
 */
export const BASELINE_TABLE = `
  CREATE TABLE IF NOT EXISTS bench_baseline_doses (
    schedule_id uuid NOT NULL,
    dose_key text NOT NULL,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    batch text NOT NULL,
    due_at timestamptz NOT NULL,
    picked_at timestamptz,
    PRIMARY KEY (schedule_id, dose_key)
  );
  CREATE INDEX IF NOT EXISTS bench_baseline_doses_due_idx ON bench_baseline_doses (due_at) WHERE picked_at IS NULL`;

export const baselineKey = (d: { schedule_id: string; dose_key: string; user_id: string }) => `baseline/${d.schedule_id}/${d.dose_key}/due/${d.user_id}/email`;

interface DueRow {
  schedule_id: string;
  dose_key: string;
  family_id: string;
  user_id: string;
}

export function startScanJob(db: DataSource, config: Config, opts: { intervalMs: number; phaseMs: number; senders: number }) {
  const { sendMedicationMessage } = createActivities({ dataSource: db, config });
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> = Promise.resolve();
  let failures = 0;

  const scan = async () => {
    const due = (await db.query(
      `UPDATE bench_baseline_doses SET picked_at = now() WHERE picked_at IS NULL AND due_at <= now() RETURNING schedule_id, dose_key, family_id, user_id`,
    )) as [DueRow[], number];
    await pool(due[0], opts.senders, async (d) => {
      try {
        await sendMedicationMessage({ idempotencyKey: baselineKey(d), scheduleId: d.schedule_id, familyId: d.family_id, userId: d.user_id, channel: 'email', kind: 'due', doseKey: d.dose_key });
      } catch {
        failures++;
      }
    });
  };
  // The first scan `phaseMs` after a whole minute, then every interval (scans never overlap).
  const firstIn = Math.ceil(Date.now() / 60_000) * 60_000 + opts.phaseMs - Date.now();
  const tick = () => {
    scanning = scanning.then(scan);
    timer = setTimeout(tick, opts.intervalMs);
  };
  timer = setTimeout(tick, firstIn);
  return {
    failures: () => failures,
    async stop() {
      clearTimeout(timer);
      await scanning;
    },
  };
}
