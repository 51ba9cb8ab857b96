import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { acknowledgementLatency, workerRegistry } from './registry';

let source: DataSource | undefined;

/**
 * Counted in PostgreSQL at scrape time rather than kept in memory: an escalation opened by
 * one worker may be answered through another, and a restarted worker would start at zero.
 * Every worker replica reports the same figure, so dashboards take max() over replicas.
 * Registering it is all it needs: its collect() runs at each scrape.
 */
new Gauge({
  name: 'carecircle_open_escalations',
  help: 'Escalations still paging or claimed, by kind and level (the chain step being paged). The same on every replica: use max().',
  labelNames: ['kind', 'level'] as const,
  registers: [workerRegistry],
  async collect() {
    this.reset();
    if (!source?.isInitialized) return;
    const rows = (await source.query(
      `SELECT kind, step, count(*)::int AS n FROM escalations WHERE status IN ('active', 'claimed') GROUP BY kind, step`,
    )) as { kind: string; step: number; n: number }[];
    for (const r of rows) this.set({ kind: r.kind, level: String(r.step) }, r.n);
  },
});

/** The database the open-escalations gauge counts in (the worker's own). */
export function countOpenEscalationsIn(dataSource: DataSource): void {
  source = dataSource;
}

/**
 * Observes the first answer to an escalation, once its `acknowledged` or `claimed` event was
 * written: a claim followed by an acknowledgement is one answer, timed at the claim.
 */
export async function observeEscalationAnswer(db: DataSource, escalationId: string, via: string | null | undefined): Promise<void> {
  const rows = (await db.query(
    `SELECT e.kind, count(x.id)::int AS answers, EXTRACT(EPOCH FROM min(x.at) - e.started_at)::float8 AS seconds
       FROM escalations e JOIN escalation_events x ON x.escalation_id = e.id AND x.type IN ('acknowledged', 'claimed')
      WHERE e.id = $1 GROUP BY e.kind, e.started_at`,
    [escalationId],
  )) as { kind: string; answers: number; seconds: number }[];
  const row = rows[0];
  if (row?.answers !== 1) return;
  acknowledgementLatency.observe({ kind: row.kind, via: via ?? 'unknown' }, Math.max(0, row.seconds));
}

/** A dose's answer, timed from its due instant; an early answer counts as immediate. */
export function observeDoseAnswer(dueAt: string, answeredAt: string, via: string | null): void {
  acknowledgementLatency.observe({ kind: 'dose', via: via ?? 'unknown' }, Math.max(0, (Date.parse(answeredAt) - Date.parse(dueAt)) / 1000));
}
