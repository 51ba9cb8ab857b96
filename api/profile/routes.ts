import { ProfilePatch, UserResponse } from '../contracts/auth';
import { UserEntity } from '../db/entities/user';
import { USER, defineRoute } from '../http/route';
import { presentUser } from '../auth/presenter';

export const profileRoutes = [
  defineRoute({
    operationId: 'updateProfile',
    method: 'patch',
    path: '/api/me',
    summary: 'Change my name, phone or time zone',
    tag: 'profile',
    access: USER,
    body: ProfilePatch,
    response: { status: 200, schema: UserResponse, description: 'The updated account.' },
    async handler({ body, user }, deps) {
      const repo = deps.dataSource.getRepository(UserEntity);
      await repo.update({ id: user!.id }, body);
      return { body: { user: presentUser(await repo.findOneByOrFail({ id: user!.id })) } };
    },
  }),
];
