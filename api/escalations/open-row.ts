import { randomInt } from 'node:crypto';
import type { Queryable } from '../events/publisher';

export interface EscalationRowInput {
  id: string;
  familyId: string;
  careRecipientId: string | null;
  kind: 'medication' | 'appointment' | 'shift' | 'emergency' | 'test';
  urgency: 'urgent' | 'emergency';
  startedBy?: string | null;
  note?: string | null;
}

/**
 * Inserts the escalation record (once: a second call with the same id changes nothing) with
 * a 4-digit code for SMS replies that no other open escalation uses. Returns the code stored.
 */
export async function insertEscalationRow(db: Queryable, e: EscalationRowInput): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = String(randomInt(1000, 10_000));
    try {
      await db.query(
        `INSERT INTO escalations (id, family_id, care_recipient_id, kind, urgency, status, ack_code, started_by, note)
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [e.id, e.familyId, e.careRecipientId, e.kind, e.urgency, code, e.startedBy ?? null, e.note ?? null],
      );
      const rows = (await db.query('SELECT ack_code FROM escalations WHERE id = $1', [e.id])) as { ack_code: string }[];
      return rows[0]!.ack_code;
    } catch (err) {
      // Another open escalation holds this code: draw again.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  throw new Error('could not find a free escalation code');
}
