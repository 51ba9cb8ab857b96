import { FamilyInput, FamilyList, FamilyResponse } from '../contracts/families';
import { FamilyEntity, MembershipEntity } from '../db/entities/family';
import { publishFamilyEvent } from '../events/publisher';
import { ADMINS, ANY_MEMBER, USER, defineRoute } from '../http/route';
import { FamilyParams } from './params';
import { presentFamily } from './presenters';
import { recordMembershipEvent } from '../members/membership-events';

export const familyRoutes = [
  defineRoute({
    operationId: 'listFamilies',
    method: 'get',
    path: '/api/families',
    summary: 'Families I belong to, with my role in each',
    tag: 'families',
    access: USER,
    response: { status: 200, schema: FamilyList, description: 'My families.' },
    async handler({ user }, deps) {
      const rows: { id: string; name: string; created_at: Date; role: 'admin' | 'caregiver' | 'viewer' }[] =
        await deps.dataSource.query(
          `SELECT f.id, f.name, f.created_at, m.role FROM families f
             JOIN memberships m ON m.family_id = f.id WHERE m.user_id = $1 ORDER BY f.created_at`,
          [user!.id],
        );
      return { body: { families: rows.map((r) => presentFamily({ id: r.id, name: r.name, createdAt: r.created_at }, r.role)) } };
    },
  }),
  defineRoute({
    operationId: 'createFamily',
    method: 'post',
    path: '/api/families',
    summary: 'Create a care circle; I become its first admin',
    tag: 'families',
    access: USER,
    body: FamilyInput,
    response: { status: 201, schema: FamilyResponse, description: 'The new family.' },
    async handler({ body, user }, deps) {
      const family = await deps.dataSource.transaction(async (m) => {
        const created = await m.getRepository(FamilyEntity).save({ name: body.name });
        await m.getRepository(MembershipEntity).insert({ familyId: created.id, userId: user!.id, role: 'admin' });
        await recordMembershipEvent(m, { familyId: created.id, userId: user!.id, actorId: user!.id, type: 'joined', role: 'admin' });
        return created;
      });
      return { body: { family: presentFamily(family, 'admin') } };
    },
  }),
  defineRoute({
    operationId: 'getFamily',
    method: 'get',
    path: '/api/families/:familyId',
    summary: 'One family and my role in it',
    tag: 'families',
    access: ANY_MEMBER,
    params: FamilyParams,
    response: { status: 200, schema: FamilyResponse, description: 'The family.' },
    async handler({ params, membership }, deps) {
      const family = await deps.dataSource.getRepository(FamilyEntity).findOneByOrFail({ id: params.familyId });
      return { body: { family: presentFamily(family, membership!.role) } };
    },
  }),
  defineRoute({
    operationId: 'renameFamily',
    method: 'patch',
    path: '/api/families/:familyId',
    summary: 'Rename a family',
    tag: 'families',
    access: ADMINS,
    params: FamilyParams,
    body: FamilyInput,
    response: { status: 200, schema: FamilyResponse, description: 'The renamed family.' },
    async handler({ params, body, membership }, deps) {
      const family = await deps.dataSource.transaction(async (m) => {
        await m.getRepository(FamilyEntity).update({ id: params.familyId }, { name: body.name });
        await publishFamilyEvent(m, params.familyId, { type: 'family.renamed', name: body.name });
        return m.getRepository(FamilyEntity).findOneByOrFail({ id: params.familyId });
      });
      return { body: { family: presentFamily(family, membership!.role) } };
    },
  }),
  defineRoute({
    operationId: 'deleteFamily',
    method: 'delete',
    path: '/api/families/:familyId',
    summary: 'Delete a family and everything in it (cannot be undone)',
    tag: 'families',
    access: ADMINS,
    params: FamilyParams,
    response: { status: 204, description: 'The family is gone.' },
    async handler({ params }, deps) {
      await deps.dataSource.transaction(async (m) => {
        await publishFamilyEvent(m, params.familyId, { type: 'family.deleted' });
        await m.getRepository(FamilyEntity).delete({ id: params.familyId });
      });
      return {};
    },
  }),
];
