import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { insertEscalationRow } from '../../api/escalations/open-row';
import { loadPolicyFor, snapshotPolicy } from './policy';
import { recordEvent } from './record-event';
import type { OpenEscalationInput, PolicySnapshot } from './types';

export function openEscalationActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    /**
     * Opens the record and freezes the chain. The snapshot is this activity's result, so it
     * is stored in workflow history: editing the policy later never changes a running
     * escalation. Safe to retry: the row and the `started` event are written once, and the
     * code of an existing row is kept (the API inserts an emergency's row itself, with who
     * raised it and their note, which must stay out of workflow history).
     */
    async openEscalation(input: OpenEscalationInput): Promise<PolicySnapshot> {
      try {
        const ackCode = await insertEscalationRow(dataSource, { ...input, id: input.escalationId });
        return await dataSource.transaction(async (m) => {
          await recordEvent(m, {
            escalationId: input.escalationId,
            familyId: input.familyId,
            type: 'started',
            detail: { kind: input.kind, urgency: input.urgency },
            dedupeKey: 'started',
          });
          const policy = await loadPolicyFor(m, input);
          // Whoever raised an emergency is already there: paging them about it only adds noise.
          const raiser = (await m.query('SELECT started_by FROM escalations WHERE id = $1', [input.escalationId])) as { started_by: string | null }[];
          const notPaged = input.urgency === 'emergency' ? (raiser[0]?.started_by ?? null) : null;
          const snapshot = await snapshotPolicy(m, input.familyId, policy, ackCode, notPaged);
          // The app words the chain ("Ana at 06:48 if he doesn't answer"); written once, like the snapshot.
          await m.query('UPDATE escalations SET chain = $2 WHERE id = $1 AND chain IS NULL', [input.escalationId, JSON.stringify(snapshot.steps)]);
          return snapshot;
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
