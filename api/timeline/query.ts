import type { TimelineKind } from '../contracts/timeline';
import type { Queryable } from '../events/publisher';

export interface TimelineRow {
  item_id: string;
  at: Date;
  /** `at` to the microsecond, as the next page's cursor needs it (a JS Date keeps milliseconds). */
  at_text: string;
  kind: TimelineKind;
  recipient_id: string | null;
  user_id: string | null;
  data: Record<string, any>;
}

export interface TimelineFilter {
  familyId: string;
  recipientId?: string;
  kind?: TimelineKind;
  /** Items strictly older than this (at, id), newest first. */
  before?: { at: string; id: string };
  limit: number;
}

/*
 * One statement per page, whatever the page holds: each source is read newest first down its
 * own (family, at) index and cut at the page size, then the branches are merged. Item ids sort
 * like their source's index (uuid text order is byte order; bigint ids are zero-padded), so
 * "(at, id) < cursor" continues exactly where the previous page stopped. A branch whose kind is
 * filtered out, or membership when a recipient is chosen, is pruned by the planner.
 */
const PAGE_SQL = `
  SELECT item_id, at, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
         kind, recipient_id, user_id, data
    FROM (
      (SELECT 'dose:' || d.id::text AS item_id, d.answered_at AS at, 'dose' AS kind,
              s.care_recipient_id AS recipient_id, d.answered_by AS user_id,
              jsonb_build_object('scheduleId', s.id, 'medicationName', s.schedule->>'medicationName', 'doseKey', d.dose_key,
                                 'dueAt', d.due_at, 'outcome', d.outcome, 'via', d.answered_via) AS data
         FROM medication_schedules s
         -- Doses have no family column: each of the family's schedules is read down its own index, a page at most.
         CROSS JOIN LATERAL (
           SELECT * FROM dose_records d
            WHERE d.schedule_id = s.id
              AND (d.answered_at, ('dose:' || d.id::text) COLLATE "C") < ($4::timestamptz, $5::text COLLATE "C")
            ORDER BY d.answered_at DESC, d.id DESC LIMIT $6) d
        WHERE s.family_id = $1 AND ($2::uuid IS NULL OR s.care_recipient_id = $2::uuid)
          AND ($3::text IS NULL OR $3::text = 'dose')
        ORDER BY d.answered_at DESC, d.id DESC LIMIT $6)
      UNION ALL
      (SELECT 'escalation:' || lpad(ev.id::text, 19, '0'), ev.at,
              CASE WHEN e.kind = 'emergency' THEN 'emergency' ELSE 'escalation' END,
              -- The start is recorded by the workflow; who raised it is on the escalation.
              e.care_recipient_id, COALESCE(ev.user_id, CASE WHEN ev.type = 'started' THEN e.started_by END),
              jsonb_build_object('escalationId', e.id, 'event', ev.type, 'channel', ev.channel, 'round', ev.round, 'step', ev.step,
                                 -- Answers recorded before each kept its own channel: an acknowledgement is the escalation's last answer.
                                 'via', COALESCE(ev.detail->>'via', CASE WHEN ev.type = 'acknowledged' THEN e.answered_via END))
         FROM escalation_events ev JOIN escalations e ON e.id = ev.escalation_id
        WHERE ev.family_id = $1 AND ($2::uuid IS NULL OR e.care_recipient_id = $2::uuid)
          AND ($3::text IS NULL OR $3::text = CASE WHEN e.kind = 'emergency' THEN 'emergency' ELSE 'escalation' END)
          AND ($3::text IS NULL OR $3::text IN ('escalation', 'emergency'))
          AND (ev.at, ('escalation:' || lpad(ev.id::text, 19, '0')) COLLATE "C") < ($4::timestamptz, $5::text COLLATE "C")
        ORDER BY ev.at DESC, ev.id DESC LIMIT $6)
      UNION ALL
      (SELECT 'member:' || lpad(me.id::text, 19, '0'), me.at, 'membership', NULL::uuid, me.user_id,
              jsonb_build_object('event', me.type, 'role', me.role, 'actorId', me.actor_id)
         FROM membership_events me
        WHERE me.family_id = $1 AND $2::uuid IS NULL AND ($3::text IS NULL OR $3::text = 'membership')
          AND (me.at, ('member:' || lpad(me.id::text, 19, '0')) COLLATE "C") < ($4::timestamptz, $5::text COLLATE "C")
        ORDER BY me.at DESC, me.id DESC LIMIT $6)
    ) items
   ORDER BY at DESC, item_id COLLATE "C" DESC
   LIMIT $6`;

/** The SQL and parameters of one page: `limit + 1` rows, so the caller knows whether another page exists. */
export function timelinePageQuery(f: TimelineFilter): [string, unknown[]] {
  return [PAGE_SQL, [f.familyId, f.recipientId ?? null, f.kind ?? null, f.before?.at ?? 'infinity', f.before?.id ?? '', f.limit + 1]];
}

export async function readTimelinePage(db: Queryable, f: TimelineFilter): Promise<{ rows: TimelineRow[]; more: boolean }> {
  const rows = (await db.query(...timelinePageQuery(f))) as TimelineRow[];
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit };
}
