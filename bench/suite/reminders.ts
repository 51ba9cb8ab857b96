import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { isAbortedAcceptedUpdate } from '../../api/http/workflow-refusal';
import { medicationHandle } from '../../temporal/medications';
import { takenUpdate } from '../../workflows/medication/messages';
import { pool, type SeededDose } from './seed';
import type { BenchStack } from './stack';
import { FailureTally, answerFailureReason } from './update-failures';

const doseId = (scheduleId: string, doseKey: string) => `${scheduleId}/${doseKey}`;

/**
 * Follows the due reminders of a set of doses as the worker records them sent:
 * lateness = the delivery attempt's `updated_at` when marked sent − the dose's due
 * instant (as bench/medication-lateness.ts measures). Keys look like
 * `med/<scheduleId>/<doseKey>/due/<userId>/<channel>` (workflows/medication/reminders.ts).
 */
export class DueReminders {
  private readonly byId = new Map<string, SeededDose>();
  readonly sentAt = new Map<string, number>();
  private watermark: Date;

  constructor(
    private readonly stack: BenchStack,
    readonly doses: SeededDose[],
    private readonly onSent: (dose: SeededDose) => void = () => {},
  ) {
    for (const d of doses) this.byId.set(doseId(d.scheduleId, d.doseKey), d);
    this.watermark = new Date(doses.reduce((m, d) => Math.min(m, d.dueMs), Infinity) - 60_000);
  }

  async poll(): Promise<void> {
    const rows = (await this.stack.dataSource.query(
      `SELECT idempotency_key AS key, updated_at AS at FROM delivery_attempts
        WHERE status = 'sent' AND idempotency_key LIKE 'med/%/due/%' AND updated_at >= $1 ORDER BY updated_at`,
      // A row whose transaction began earlier may commit after a later one: look back a little.
      [new Date(this.watermark.getTime() - 10_000)],
    )) as { key: string; at: Date }[];
    for (const r of rows) {
      const [, scheduleId, doseKey, step] = r.key.split('/');
      const id = doseId(scheduleId!, doseKey!);
      const dose = this.byId.get(id);
      if (step !== 'due' || !dose || this.sentAt.has(id)) continue;
      this.sentAt.set(id, new Date(r.at).getTime());
      this.onSent(dose);
    }
    if (rows.length > 0) this.watermark = new Date(rows[rows.length - 1]!.at);
  }

  /** Polls until every dose due by `dueBy` has its reminder sent, or `deadlineMs` passes. */
  async waitSent(deadlineMs: number, dueBy = Infinity): Promise<void> {
    const expected = this.doses.filter((d) => d.dueMs <= dueBy).length;
    for (;;) {
      await this.poll();
      const sent = [...this.sentAt.keys()].filter((id) => this.byId.get(id)!.dueMs <= dueBy).length;
      if (sent >= expected || Date.now() > deadlineMs) return;
      await delay(500);
    }
  }

  lateness(filter: (d: SeededDose) => boolean = () => true): number[] {
    return [...this.sentAt].flatMap(([id, at]) => {
      const d = this.byId.get(id)!;
      return filter(d) ? [at - d.dueMs] : [];
    });
  }
}

/**
 * Doses reminded more than once: any second due reminder (another channel or a retry
 * under another key) in the attempts or in the dev outbox. Exactly-once holds when both are 0.
 */
export async function remindedTwice(stack: BenchStack, doses: SeededDose[]): Promise<{ attempts: number; outbox: number }> {
  const ids = doses.map((d) => d.scheduleId);
  const count = async (table: string) =>
    ((await stack.dataSource.query(
      `SELECT split_part(idempotency_key, '/', 2) AS s, split_part(idempotency_key, '/', 3) AS k FROM ${table}
        WHERE idempotency_key LIKE 'med/%' AND split_part(idempotency_key, '/', 4) = 'due' AND split_part(idempotency_key, '/', 2) = ANY($1)
        GROUP BY 1, 2 HAVING count(*) > 1`,
      [ids],
    )) as unknown[]).length;
  return { attempts: await count('delivery_attempts'), outbox: await count('outbox_messages') };
}

/** Answers doses "taken" as their reminders arrive (people do), with a bounded number in flight. */
export class Answerer {
  private readonly queue: SeededDose[] = [];
  private running: Promise<void> | null = null;
  answered = 0;
  readonly failures = new FailureTally();
  private readonly lost: SeededDose[] = [];
  readonly roundTrips: number[] = [];

  constructor(private readonly stack: BenchStack, private readonly concurrency = 48) {}

  push(dose: SeededDose): void {
    this.queue.push(dose);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      await pool(batch, this.concurrency, async (d) => {
        const t = Date.now();
        try {
          await medicationHandle(this.stack.client, d.scheduleId).executeUpdate(takenUpdate, { args: [{ doseKey: d.doseKey, userId: d.anna, via: 'app' }] });
          this.roundTrips.push(Date.now() - t);
          this.answered++;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError && isAbortedAcceptedUpdate(err.cause)) this.lost.push(d);
          this.failures.count(await answerFailureReason(this.stack.dataSource, d.scheduleId, d.doseKey, err));
        }
      });
    }
    this.running = null;
  }

  /**
   * The failures by reason and, for answers the server accepted and then lost to a new run,
   * what the dose's record said when the section ended: whether the answer was written down
   * is otherwise unknown.
   */
  async failureSummary(): Promise<string> {
    const summary = this.failures.summary();
    if (this.lost.length === 0) return summary;
    const rows = (await this.stack.dataSource.query(
      `SELECT r.outcome, count(*)::int AS n
         FROM unnest($1::uuid[], $2::text[]) AS q(schedule_id, dose_key)
         LEFT JOIN dose_records r USING (schedule_id, dose_key)
        GROUP BY 1 ORDER BY 2 DESC`,
      [this.lost.map((d) => d.scheduleId), this.lost.map((d) => d.doseKey)],
    )) as { outcome: string | null; n: number }[];
    return `${summary} (the ${this.lost.length} accepted then lost, on record at the end: ${rows.map((r) => `${r.n} ${r.outcome ?? 'not recorded'}`).join(', ')})`;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
