import { z } from 'zod';
import {
  FamilyResponse,
  InvitationInput,
  InvitationList,
  InvitationPreviewResponse,
  InvitationResponse,
} from '../contracts/families';
import { FamilyEntity } from '../db/entities/family';
import { InvitationEntity } from '../db/entities/invitation';
import { FamilyParams, InvitationParams } from '../families/params';
import { presentFamily, presentInvitation } from '../families/presenters';
import { conflict, notFound } from '../http/errors';
import { ADMINS, PUBLIC, USER, defineRoute } from '../http/route';
import { LIMITS, takeRateTokens } from '../auth/rate-limits';
import { hashToken } from '../auth/tokens';
import { acceptInvitation, answer, createInvitation, lockPendingInvitation } from './commands';
import { afterInvitationAnswered, afterInvitationCreated } from './notify';

const TokenParams = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) });

export const invitationRoutes = [
  defineRoute({
    operationId: 'listInvitations',
    method: 'get',
    path: '/api/families/:familyId/invitations',
    summary: 'Invitations of a family, newest first',
    tag: 'invitations',
    access: ADMINS,
    params: FamilyParams,
    response: { status: 200, schema: InvitationList, description: 'The invitations.' },
    async handler({ params }, deps) {
      const rows = await deps.dataSource
        .getRepository(InvitationEntity)
        .find({ where: { familyId: params.familyId }, order: { createdAt: 'DESC' }, take: 200 });
      return { body: { invitations: rows.map(presentInvitation) } };
    },
  }),
  defineRoute({
    operationId: 'createInvitation',
    method: 'post',
    path: '/api/families/:familyId/invitations',
    summary: 'Invite someone by email; they get a single-use link that expires',
    tag: 'invitations',
    access: ADMINS,
    params: FamilyParams,
    body: InvitationInput,
    response: { status: 201, schema: InvitationResponse, description: 'The pending invitation.' },
    async handler({ params, body, user }, deps) {
      // Each invitation mails a stranger: limited per family and per address so nobody floods an inbox through us.
      await takeRateTokens(deps.dataSource, deps.config, [
        { bucket: `invite:family:${params.familyId}`, limit: LIMITS.invitationsPerFamily },
        { bucket: `invite:address:${body.email}`, limit: LIMITS.invitationsPerAddress },
      ]);
      const { invitation, token, familyName } = await deps.dataSource.transaction(async (m) => {
        const family = await m.getRepository(FamilyEntity).findOneByOrFail({ id: params.familyId });
        const created = await createInvitation(m, {
          familyId: params.familyId,
          email: body.email,
          role: body.role,
          invitedBy: user!.id,
          ttlMs: deps.config.invitations.ttlMs,
        });
        return { ...created, familyName: family.name };
      });
      await afterInvitationCreated(deps, invitation, token, familyName, user!);
      return { body: { invitation: presentInvitation(invitation) } };
    },
  }),
  defineRoute({
    operationId: 'revokeInvitation',
    method: 'delete',
    path: '/api/families/:familyId/invitations/:invitationId',
    summary: 'Revoke a pending invitation',
    tag: 'invitations',
    access: ADMINS,
    params: InvitationParams,
    response: { status: 204, description: 'The link no longer works.' },
    async handler({ params }, deps) {
      const revoked = await deps.dataSource.transaction(async (m) => {
        const inv = await m
          .getRepository(InvitationEntity)
          .findOne({ where: { id: params.invitationId, familyId: params.familyId }, lock: { mode: 'pessimistic_write' } });
        if (!inv) throw notFound('This invitation');
        if (inv.status !== 'pending') throw conflict(`This invitation was already ${inv.status}.`);
        return answer(m, inv, 'revoked');
      });
      await afterInvitationAnswered(deps, revoked);
      return {};
    },
  }),
  defineRoute({
    operationId: 'previewInvitation',
    method: 'get',
    path: '/api/invitations/:token',
    summary: 'What an invitation link offers (no login needed)',
    tag: 'invitations',
    access: PUBLIC,
    params: TokenParams,
    response: { status: 200, schema: InvitationPreviewResponse, description: 'The invitation.' },
    async handler({ params }, deps) {
      const inv = await deps.dataSource.getRepository(InvitationEntity).findOneBy({ tokenHash: hashToken(params.token) });
      if (!inv) throw notFound('This invitation');
      const family = await deps.dataSource.getRepository(FamilyEntity).findOneByOrFail({ id: inv.familyId });
      const status = inv.status === 'pending' && inv.expiresAt.getTime() <= Date.now() ? 'expired' : inv.status;
      return {
        body: { invitation: { familyName: family.name, email: inv.email, role: inv.role, status, expiresAt: inv.expiresAt.toISOString() } },
      };
    },
  }),
  defineRoute({
    operationId: 'acceptInvitation',
    method: 'post',
    path: '/api/invitations/:token/accept',
    summary: 'Join the family with the invited role',
    tag: 'invitations',
    access: USER,
    params: TokenParams,
    response: { status: 200, schema: FamilyResponse, description: 'The family I joined.' },
    async handler({ params, user }, deps) {
      const { invitation, family } = await deps.dataSource.transaction(async (m) => {
        const accepted = await acceptInvitation(m, params.token, user!);
        return { invitation: accepted, family: await m.getRepository(FamilyEntity).findOneByOrFail({ id: accepted.familyId }) };
      });
      await afterInvitationAnswered(deps, invitation);
      return { body: { family: presentFamily(family, invitation.role) } };
    },
  }),
  defineRoute({
    operationId: 'declineInvitation',
    method: 'post',
    path: '/api/invitations/:token/decline',
    summary: 'Decline an invitation (the link is enough; no account needed)',
    tag: 'invitations',
    access: PUBLIC,
    params: TokenParams,
    response: { status: 204, description: 'Declined; the link no longer works.' },
    async handler({ params }, deps) {
      const declined = await deps.dataSource.transaction(async (m) => answer(m, await lockPendingInvitation(m, params.token), 'declined'));
      await afterInvitationAnswered(deps, declined);
      return {};
    },
  }),
];
