import { randomInt } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { loadPolicyFor, snapshotPolicy } from './policy';
import { recordEvent } from './record-event';
import type { OpenEscalationInput, PolicySnapshot } from './types';

const UNIQUE_VIOLATION = '23505';

/**
 * Inserts the escalation row unless the API already did (an emergency is inserted with
 * who raised it and their note, which must stay out of workflow history). The 4-digit
 * code answers SMS replies, so no two open escalations may share it: on a clash, draw again.
 */
async function insertRowOnce(dataSource: DataSource, input: OpenEscalationInput): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await dataSource.query(
        `INSERT INTO escalations (id, family_id, care_recipient_id, kind, urgency, status, ack_code)
         VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT (id) DO NOTHING`,
        [input.escalationId, input.familyId, input.careRecipientId, input.kind, input.urgency, String(randomInt(1000, 10_000))],
      );
      const rows: { ack_code: string }[] = await dataSource.query('SELECT ack_code FROM escalations WHERE id = $1', [input.escalationId]);
      return rows[0]!.ack_code;
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    }
  }
  // 50 clashes in a row means thousands of open escalations: retrying later may find a free code.
  throw new Error('no free acknowledgement code among open escalations');
}

export function openEscalationActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    /**
     * Opens the record and freezes the chain. The snapshot is this activity's result, so it
     * is stored in workflow history: editing the policy later never changes a running
     * escalation. Safe to retry: the row and the `started` event are written once, and the
     * code of an existing row is kept.
     */
    async openEscalation(input: OpenEscalationInput): Promise<PolicySnapshot> {
      try {
        const ackCode = await insertRowOnce(dataSource, input);
        return await dataSource.transaction(async (m) => {
          await recordEvent(m, {
            escalationId: input.escalationId,
            familyId: input.familyId,
            type: 'started',
            detail: { kind: input.kind, urgency: input.urgency },
            dedupeKey: 'started',
          });
          const policy = await loadPolicyFor(m, input);
          return snapshotPolicy(m, input.familyId, policy, ackCode);
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        // A malformed id, or a family / recipient that does not exist: retrying cannot help.
        if (code === '22P02' || code === '23503') {
          throw ApplicationFailure.nonRetryable(`Cannot open escalation ${input.escalationId}: ${(err as Error).message}`, 'InvalidEscalation');
        }
        throw err;
      }
    },
  };
}
