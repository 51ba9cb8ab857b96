import { LoginInput, SignupInput, UserResponse } from '../contracts/auth';
import { UserEntity } from '../db/entities/user';
import { conflict, unauthenticated } from '../http/errors';
import { PUBLIC, USER, defineRoute } from '../http/route';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-limits';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { presentUser } from './presenter';
import { SESSION_COOKIE, createSession, revokeAllSessions, revokeSession } from './sessions';
import { clearSessionCookie, setSessionCookie } from './session-middleware';

const BAD_CREDENTIALS = 'That email and password do not match an account.';

export const authRoutes = [
  defineRoute({
    operationId: 'signup',
    method: 'post',
    path: '/api/auth/signup',
    summary: 'Create an account and log in',
    tag: 'auth',
    access: PUBLIC,
    body: SignupInput,
    response: { status: 201, schema: UserResponse, description: 'The new account; a session cookie is set.' },
    async handler({ body, ctx }, deps) {
      const passwordHash = await hashPassword(body.password);
      const inserted: { id: string }[] = await deps.dataSource.query(
        `INSERT INTO users (email, password_hash, display_name, time_zone) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [body.email, passwordHash, body.displayName, body.timeZone],
      );
      if (!inserted[0]) throw conflict('An account with this email already exists. Log in instead.');
      const user = await deps.dataSource.getRepository(UserEntity).findOneByOrFail({ id: inserted[0].id });
      setSessionCookie(ctx, await createSession(deps.dataSource, user.id, deps.config), deps);
      return { body: { user: presentUser(user) } };
    },
  }),
  defineRoute({
    operationId: 'login',
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in with email and password',
    tag: 'auth',
    access: PUBLIC,
    body: LoginInput,
    response: { status: 200, schema: UserResponse, description: 'The account; a session cookie is set.' },
    async handler({ body, ctx }, deps) {
      const ds = deps.dataSource;
      await assertLoginAllowed(ds, deps.config, body.email, ctx.ip);
      const user = await ds.getRepository(UserEntity).findOneBy({ email: body.email });
      const ok = user ? await verifyPassword(body.password, user.passwordHash) : (await burnPasswordCheck(body.password), false);
      if (!user || !ok) {
        await recordLoginFailure(ds, body.email, ctx.ip);
        throw unauthenticated(BAD_CREDENTIALS);
      }
      await clearLoginFailures(ds, body.email);
      setSessionCookie(ctx, await createSession(ds, user.id, deps.config), deps);
      return { body: { user: presentUser(user) } };
    },
  }),
  defineRoute({
    operationId: 'logout',
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End this session',
    tag: 'auth',
    access: PUBLIC,
    response: { status: 204, description: 'The session is revoked and the cookie cleared.' },
    async handler({ ctx }, deps) {
      const token = ctx.cookies.get(SESSION_COOKIE);
      if (token) await revokeSession(deps.dataSource, token);
      clearSessionCookie(ctx, deps);
      return {};
    },
  }),
  defineRoute({
    operationId: 'logoutEverywhere',
    method: 'post',
    path: '/api/auth/logout-all',
    summary: 'End every session of this account (a lost phone)',
    tag: 'auth',
    access: USER,
    response: { status: 204, description: 'All sessions are revoked.' },
    async handler({ ctx, user }, deps) {
      await revokeAllSessions(deps.dataSource, user!.id);
      clearSessionCookie(ctx, deps);
      return {};
    },
  }),
  defineRoute({
    operationId: 'me',
    method: 'get',
    path: '/api/auth/me',
    summary: 'The logged-in account',
    tag: 'auth',
    access: USER,
    response: { status: 200, schema: UserResponse, description: 'The account.' },
    async handler({ user }) {
      return { body: { user: presentUser(user!) } };
    },
  }),
];
