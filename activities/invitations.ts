import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { Invitation, InvitationStatus } from '../api/db/entities/invitation';
import { publishFamilyEvent } from '../api/events/publisher';
import { presentInvitation } from '../api/families/presenters';

export interface ExpireInvitationResult {
  /** True only for the call that moved the row from pending to expired. */
  expired: boolean;
  /** The row's status afterwards; null when the invitation no longer exists (family deleted). */
  status: InvitationStatus | null;
}

/** Raw `RETURNING *` row: snake_case columns as PostgreSQL names them. */
interface InvitationRow {
  id: string;
  family_id: string;
  email: string;
  role: Invitation['role'];
  token_hash: string;
  invited_by: string;
  status: InvitationStatus;
  expires_at: Date;
  created_at: Date;
  answered_at: Date | null;
}

export function invitationActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    /**
     * Expires a still-pending invitation. The status guard makes it idempotent: a retry,
     * or an answer that won the race, leaves the row alone and publishes nothing.
     */
    async expireInvitation({ invitationId }: { invitationId: string }): Promise<ExpireInvitationResult> {
      try {
        return await dataSource.transaction(async (manager) => {
          // TypeORM's postgres driver answers an UPDATE with [rows, affectedCount].
          const [rows] = (await manager.query(
            `UPDATE invitations SET status = 'expired', answered_at = now()
             WHERE id = $1 AND status = 'pending' RETURNING *`,
            [invitationId],
          )) as [InvitationRow[], number];
          const row = rows[0];
          if (row) {
            const invitation = invitationFromRow(row);
            // Same transaction: subscribers hear about the expiry only if it commits.
            await publishFamilyEvent(manager, invitation.familyId, { type: 'invitation.changed', invitation: presentInvitation(invitation) });
            return { expired: true, status: invitation.status };
          }
          const current = (await manager.query('SELECT status FROM invitations WHERE id = $1', [invitationId])) as { status: InvitationStatus }[];
          return { expired: false, status: current[0]?.status ?? null };
        });
      } catch (err) {
        // A malformed id will never become valid: fail the activity instead of retrying forever.
        if ((err as { code?: string }).code === '22P02') {
          throw ApplicationFailure.nonRetryable(`Invalid invitation id ${invitationId}`, 'InvalidInvitationId');
        }
        throw err;
      }
    },
  };
}

export function invitationFromRow(row: InvitationRow): Invitation {
  return {
    id: row.id,
    familyId: row.family_id,
    email: row.email,
    role: row.role,
    tokenHash: row.token_hash,
    invitedBy: row.invited_by,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
  };
}
