import { z } from 'zod';
import { Uuid } from '../contracts/common';
import { FamilyResponse, MyInvitationList } from '../contracts/families';
import { FamilyEntity } from '../db/entities/family';
import { presentFamily } from '../families/presenters';
import { forbidden, notFound } from '../http/errors';
import { USER, defineRoute } from '../http/route';
import { acceptInvitation, answer, lockPendingInvitation } from './commands';
import { afterInvitationAnswered } from './notify';

const MyInvitationParams = z.object({ invitationId: Uuid });

/**
 * Invitations waiting for the signed-in person, found by their verified email: someone who
 * signed up without opening the email link still finds the family that invited them.
 * An unverified address lists nothing: typing an address does not prove the mailbox.
 */
export const myInvitationRoutes = [
  defineRoute({
    operationId: 'listMyInvitations',
    method: 'get',
    path: '/api/me/invitations',
    summary: 'Invitations waiting for me',
    tag: 'invitations',
    access: USER,
    response: { status: 200, schema: MyInvitationList, description: 'Pending, unexpired invitations to my verified email.' },
    async handler({ user }, deps) {
      if (!user!.emailVerifiedAt) return { body: { invitations: [] } };
      const rows: { id: string; family_name: string; role: 'admin' | 'caregiver' | 'viewer'; invited_by: string | null; expires_at: Date }[] =
        await deps.dataSource.query(
          `SELECT i.id, f.name AS family_name, i.role, u.display_name AS invited_by, i.expires_at
             FROM invitations i JOIN families f ON f.id = i.family_id LEFT JOIN users u ON u.id = i.invited_by
            WHERE i.email = $1 AND i.status = 'pending' AND i.expires_at > now()
              AND NOT EXISTS (SELECT 1 FROM memberships ms WHERE ms.family_id = i.family_id AND ms.user_id = $2)
            ORDER BY i.created_at DESC`,
          [user!.email, user!.id],
        );
      return {
        body: {
          invitations: rows.map((r) => ({
            id: r.id,
            familyName: r.family_name,
            role: r.role,
            invitedBy: r.invited_by ?? 'A family member',
            expiresAt: r.expires_at.toISOString(),
          })),
        },
      };
    },
  }),
  defineRoute({
    operationId: 'acceptMyInvitation',
    method: 'post',
    path: '/api/me/invitations/:invitationId/accept',
    summary: 'Join a family that invited my verified email',
    tag: 'invitations',
    access: USER,
    params: MyInvitationParams,
    response: { status: 200, schema: FamilyResponse, description: 'The family I joined.' },
    async handler({ params, user }, deps) {
      const { invitation, family } = await deps.dataSource.transaction(async (m) => {
        const accepted = await acceptInvitation(m, params.invitationId, user!, 'id');
        return { invitation: accepted, family: await m.getRepository(FamilyEntity).findOneByOrFail({ id: accepted.familyId }) };
      });
      await afterInvitationAnswered(deps, invitation);
      return { body: { family: presentFamily(family, invitation.role) } };
    },
  }),
  defineRoute({
    operationId: 'declineMyInvitation',
    method: 'post',
    path: '/api/me/invitations/:invitationId/decline',
    summary: 'Decline an invitation to my verified email',
    tag: 'invitations',
    access: USER,
    params: MyInvitationParams,
    response: { status: 204, description: 'Declined.' },
    async handler({ params, user }, deps) {
      const declined = await deps.dataSource.transaction(async (m) => {
        const invitation = await lockPendingInvitation(m, params.invitationId, 'id');
        // Someone else's invitation is not even confirmed to exist.
        if (!user!.emailVerifiedAt) throw forbidden('Confirm your email address first.');
        if (invitation.email !== user!.email) throw notFound('This invitation');
        return answer(m, invitation, 'declined');
      });
      await afterInvitationAnswered(deps, declined);
      return {};
    },
  }),
];
