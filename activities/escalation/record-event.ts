import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { EscalationEntity } from '../../api/db/entities/escalation';
import { publishFamilyEvent } from '../../api/events/publisher';
import { presentEscalation, presentTimelineRow } from '../../api/escalations/presenters';
import { observeEscalationAnswer } from '../metrics/escalations';
import type { RecordedEvent, TimelineEventInput } from './types';

const TERMINAL = new Set(['acknowledged', 'resolved', 'unreached', 'cancelled', 'failed']);

/**
 * How an event changes who answered: an acknowledgement or a claim names the person
 * (a later claim by someone else replaces it); a resolve only fills it in when nobody
 * had answered yet, so "Ben claimed at 8:02, resolved at 8:40" keeps 8:02.
 */
function answerMode(type: TimelineEventInput['type']): 'set' | 'fill' | 'keep' {
  if (type === 'acknowledged' || type === 'claimed') return 'set';
  if (type === 'resolved') return 'fill';
  return 'keep';
}

/**
 * Appends one timeline event and applies it to the escalation row, in one transaction,
 * and announces both to the family (NOTIFY is delivered only on commit).
 *
 * A finished status is never reopened: a late `claim_expired` racing an acknowledgement
 * cannot make a handled escalation look active again. The one move out of `acknowledged`
 * is to `resolved` (closing it with a note after paging stopped).
 *
 * The dedupe key is scoped to the escalation, so a retried activity — or a workflow task
 * replayed after a worker crash — records once. Returns false when nothing was written:
 * a duplicate, or an escalation whose row is gone (family deleted).
 */
export async function recordEvent(m: EntityManager, e: TimelineEventInput): Promise<boolean> {
  const inserted: Record<string, unknown>[] = await m.query(
    `INSERT INTO escalation_events (escalation_id, family_id, type, round, step, user_id, channel, detail, dedupe_key)
     SELECT e.id, e.family_id, $2, $3, $4, (SELECT u.id FROM users u WHERE u.id = $5::uuid), $6, $7, $8
       FROM escalations e WHERE e.id = $1
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING *`,
    [
      e.escalationId,
      e.type,
      e.round ?? null,
      e.step ?? null,
      e.userId ?? null,
      e.channel ?? null,
      // Each answer keeps its own channel (the escalation row holds only the latest), for the family timeline.
      JSON.stringify(e.via ? { ...e.detail, via: e.via } : (e.detail ?? {})),
      `${e.escalationId}:${e.dedupeKey}`,
    ],
  );
  const row = inserted[0];
  if (!row) return false;
  const familyId = row.family_id as string;
  await publishFamilyEvent(m, familyId, { type: 'escalation.timeline', entry: presentTimelineRow(row) });

  const changesRow =
    e.status !== undefined || e.round !== undefined || e.step !== undefined || e.claimUntil !== undefined || answerMode(e.type) !== 'keep';
  if (!changesRow) return true;
  await m.query(
    `UPDATE escalations SET
       status = CASE
         WHEN status IN ('resolved', 'unreached', 'cancelled', 'failed') THEN status
         WHEN status = 'acknowledged' AND $2 IS DISTINCT FROM 'resolved' THEN status
         ELSE COALESCE($2, status) END,
       round = COALESCE($3, round),
       step = COALESCE($4, step),
       answered_by = CASE $5 WHEN 'set' THEN $6::uuid WHEN 'fill' THEN COALESCE(answered_by, $6::uuid) ELSE answered_by END,
       answered_via = CASE $5 WHEN 'set' THEN $7 WHEN 'fill' THEN COALESCE(answered_via, $7) ELSE answered_via END,
       answered_at = CASE $5 WHEN 'set' THEN now() WHEN 'fill' THEN COALESCE(answered_at, now()) ELSE answered_at END,
       claim_until = CASE WHEN $8 THEN $9::timestamptz ELSE claim_until END,
       resolution_note = COALESCE($10, resolution_note),
       finished_at = CASE WHEN $11 THEN COALESCE(finished_at, now()) ELSE finished_at END,
       resolved_by = CASE WHEN $2 = 'resolved' AND status IN ('active', 'claimed', 'acknowledged') THEN $6::uuid ELSE resolved_by END,
       step_started_at = CASE WHEN $12 = 'step_started' THEN $13::timestamptz ELSE step_started_at END
     WHERE id = $1`,
    [
      e.escalationId,
      e.status ?? null,
      e.round ?? null,
      e.step ?? null,
      answerMode(e.type),
      row.user_id ?? null,
      e.via ?? null,
      e.claimUntil !== undefined,
      e.claimUntil ?? null,
      e.resolutionNote ?? null,
      e.status !== undefined && TERMINAL.has(e.status),
      e.type,
      row.at,
    ],
  );
  const escalation = await m.getRepository(EscalationEntity).findOneByOrFail({ id: e.escalationId });
  await publishFamilyEvent(m, familyId, { type: 'escalation.changed', escalation: presentEscalation(escalation) });
  return true;
}

export function recordEventActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    /**
     * Writes one step of the escalation's story to PostgreSQL; safe to retry. A step's start
     * also brings back where the row stands, so the workflow takes an answer written there
     * whose message never reached it before it pages anyone.
     */
    async recordEscalationEvent(e: TimelineEventInput): Promise<RecordedEvent> {
      try {
        const recorded = await dataSource.transaction((m) => recordEvent(m, e));
        // A metric that cannot be read must not fail (and so retry) a write that committed.
        if (recorded && (e.type === 'acknowledged' || e.type === 'claimed')) await observeEscalationAnswer(dataSource, e.escalationId, e.via).catch(() => {});
        if (e.type !== 'step_started') return { recorded };
        const row = await dataSource.getRepository(EscalationEntity).findOneBy({ id: e.escalationId });
        if (!row) return { recorded };
        const { status, answeredBy, answeredVia, claimUntil } = row;
        return { recorded, row: { status, answeredBy, answeredVia, claimUntil: claimUntil?.toISOString() ?? null } };
      } catch (err) {
        // A malformed id never becomes valid: fail instead of retrying forever.
        if ((err as { code?: string }).code === '22P02') {
          throw ApplicationFailure.nonRetryable(`Malformed escalation event: ${(err as Error).message}`, 'InvalidEscalationEvent');
        }
        throw err;
      }
    },
  };
}
