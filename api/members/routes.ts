import { MemberList, MemberResponse, RoleChange } from '../contracts/families';
import { MembershipEntity } from '../db/entities/family';
import { UserEntity } from '../db/entities/user';
import { publishFamilyEvent } from '../events/publisher';
import { FamilyParams, MemberParams } from '../families/params';
import { presentMember } from '../families/presenters';
import { forbidden } from '../http/errors';
import { ADMINS, ANY_MEMBER, defineRoute } from '../http/route';
import { assertKeepsAnAdmin, lockMembers } from './commands';
import { recordMembershipEvent } from './membership-events';

export const memberRoutes = [
  defineRoute({
    operationId: 'listMembers',
    method: 'get',
    path: '/api/families/:familyId/members',
    summary: 'Members of a family with their roles and contact channels',
    tag: 'members',
    access: ANY_MEMBER,
    params: FamilyParams,
    response: { status: 200, schema: MemberList, description: 'The members.' },
    async handler({ params }, deps) {
      const memberships = await deps.dataSource.getRepository(MembershipEntity).find({
        where: { familyId: params.familyId },
        order: { createdAt: 'ASC' },
      });
      const users = await deps.dataSource.getRepository(UserEntity).findBy(memberships.map((m) => ({ id: m.userId })));
      const byId = new Map(users.map((u) => [u.id, u]));
      return { body: { members: memberships.map((m) => presentMember(byId.get(m.userId)!, m)) } };
    },
  }),
  defineRoute({
    operationId: 'changeMemberRole',
    method: 'patch',
    path: '/api/families/:familyId/members/:userId',
    summary: "Change a member's role",
    tag: 'members',
    access: ADMINS,
    params: MemberParams,
    body: RoleChange,
    response: { status: 200, schema: MemberResponse, description: 'The member with the new role.' },
    async handler({ params, body, user }, deps) {
      const member = await deps.dataSource.transaction(async (m) => {
        const members = await lockMembers(m, params.familyId);
        assertKeepsAnAdmin(members, params.userId, body.role);
        await m.getRepository(MembershipEntity).update({ familyId: params.familyId, userId: params.userId }, { role: body.role });
        if (members.find((x) => x.userId === params.userId)?.role !== body.role) {
          await recordMembershipEvent(m, { familyId: params.familyId, userId: params.userId, actorId: user!.id, type: 'role_changed', role: body.role });
        }
        await publishFamilyEvent(m, params.familyId, { type: 'member.role_changed', userId: params.userId, role: body.role });
        const membership = await m.getRepository(MembershipEntity).findOneByOrFail({ familyId: params.familyId, userId: params.userId });
        return presentMember(await m.getRepository(UserEntity).findOneByOrFail({ id: params.userId }), membership);
      });
      return { body: { member } };
    },
  }),
  defineRoute({
    operationId: 'removeMember',
    method: 'delete',
    path: '/api/families/:familyId/members/:userId',
    summary: 'Remove a member (admins), or leave the family (yourself)',
    tag: 'members',
    access: ANY_MEMBER,
    params: MemberParams,
    response: { status: 204, description: 'The member is no longer part of the family.' },
    async handler({ params, user, membership }, deps) {
      const leaving = params.userId === user!.id;
      if (!leaving && membership!.role !== 'admin') throw forbidden('Only an admin can remove another member.');
      await deps.dataSource.transaction(async (m) => {
        const members = await lockMembers(m, params.familyId);
        assertKeepsAnAdmin(members, params.userId, null);
        await m.getRepository(MembershipEntity).delete({ familyId: params.familyId, userId: params.userId });
        const role = members.find((x) => x.userId === params.userId)!.role;
        await recordMembershipEvent(m, { familyId: params.familyId, userId: params.userId, actorId: user!.id, type: leaving ? 'left' : 'removed', role });
        await publishFamilyEvent(m, params.familyId, { type: 'member.removed', userId: params.userId });
      });
      return {};
    },
  }),
];
