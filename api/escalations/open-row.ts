import type { Queryable } from '../events/publisher';

export interface EscalationRowInput {
  id: string;
  familyId: string;
  careRecipientId: string | null;
  kind: 'medication' | 'appointment' | 'shift' | 'emergency' | 'test';
  urgency: 'urgent' | 'emergency';
  startedBy?: string | null;
  note?: string | null;
  /** A missed dose's schedule and dose: the row names the medication (read here, never from history). */
  medicationScheduleId?: string;
  doseKey?: string;
  shiftId?: string | null;
}

/**
 * Inserts the escalation record (once: a second call with the same id changes nothing) with
 * a 4-digit code for SMS replies that no other open escalation uses. Returns the code stored.
 * The code is drawn among the free ones; only two inserts racing for the same code clash,
 * and then it is drawn again.
 */
export async function insertEscalationRow(db: Queryable, e: EscalationRowInput): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await db.query(
        `INSERT INTO escalations (id, family_id, care_recipient_id, kind, urgency, status, ack_code, started_by, note, subject, dose_key, shift_id)
         SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, 'active',
                (SELECT c::text FROM generate_series(1000, 9999) AS c
                  WHERE c::text NOT IN (SELECT ack_code FROM escalations WHERE status IN ('active', 'claimed'))
                  ORDER BY random() LIMIT 1),
                $6::uuid, $7::text,
                (SELECT trim(concat_ws(' ', s.schedule->>'medicationName', s.schedule->>'dose'))
                   FROM medication_schedules s WHERE s.id = $8::uuid AND s.family_id = $2::uuid),
                $9::text, $10::uuid
         ON CONFLICT (id) DO NOTHING`,
        [e.id, e.familyId, e.careRecipientId, e.kind, e.urgency, e.startedBy ?? null, e.note ?? null, e.medicationScheduleId ?? null, e.doseKey ?? null, e.shiftId ?? null],
      );
      const rows = (await db.query('SELECT ack_code FROM escalations WHERE id = $1', [e.id])) as { ack_code: string }[];
      return rows[0]!.ack_code;
    } catch (err) {
      // A concurrent insert took the same code a moment ago: draw again.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  throw new Error('could not find a free escalation code');
}
