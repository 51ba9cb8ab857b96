import { LoginInput, SignupInput, UserResponse } from '../contracts/auth';
import { UserEntity } from '../db/entities/user';
import { conflict, unauthenticated } from '../http/errors';
import { PUBLIC, USER, defineRoute } from '../http/route';
import { firstSupportedLanguage } from './accept-language';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-limits';
import { knownDeviceFor, rememberDevice } from './known-device';
import { LIMITS, takeRateToken } from './rate-limits';
import { sendEmailVerification } from '../profile/verification';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { presentUser } from './presenter';
import { SESSION_COOKIE, createSession, revokeAllSessions, revokeSession } from './sessions';
import { clearSessionCookie, setSessionCookie } from './session-middleware';
import { loggableError } from '../log';

const BAD_CREDENTIALS = 'That email and password do not match an account.';

export const authRoutes = [
  defineRoute({
    operationId: 'signup',
    method: 'post',
    path: '/api/auth/signup',
    summary: 'Create an account and log in; a link to verify the email address is sent to it',
    tag: 'auth',
    access: PUBLIC,
    body: SignupInput,
    response: { status: 201, schema: UserResponse, description: 'The new account; a session cookie is set.' },
    async handler({ body, ctx }, deps) {
      // Each sign-up mails a verification link: limited per client so nobody floods inboxes through us.
      await takeRateToken(deps.dataSource, deps.config, `signup:ip:${ctx.ip}`, LIMITS.signupPerIp);
      const passwordHash = await hashPassword(body.password);
      // The language the page was shown in; an older client that does not send it is read from the browser's header.
      const language = body.language ?? firstSupportedLanguage(ctx.get('accept-language'));
      const inserted: { id: string }[] = await deps.dataSource.query(
        `INSERT INTO users (email, password_hash, display_name, time_zone, language) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [body.email, passwordHash, body.displayName, body.timeZone, language],
      );
      if (!inserted[0]) throw conflict('An account with this email already exists. Log in instead.');
      const user = await deps.dataSource.getRepository(UserEntity).findOneByOrFail({ id: inserted[0].id });
      setSessionCookie(ctx, await createSession(deps.dataSource, user.id, deps.config), deps);
      await rememberDevice(ctx, deps, user.id, null);
      // The account exists either way; a link that could not go out is sent again from the profile page.
      await sendEmailVerification(deps, user).catch((err: unknown) =>
        deps.log.error('verification email not sent at sign-up', { userId: user.id, ...loggableError(err) }),
      );
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
      const user = await ds.getRepository(UserEntity).findOneBy({ email: body.email });
      const device = await knownDeviceFor(ctx, deps, user?.id);
      await assertLoginAllowed(ds, deps.config, body.email, ctx.ip, device);
      const ok = user ? await verifyPassword(body.password, user.passwordHash) : (await burnPasswordCheck(body.password), false);
      if (!user || !ok) {
        await recordLoginFailure(ds, body.email, ctx.ip, device);
        throw unauthenticated(BAD_CREDENTIALS);
      }
      await clearLoginFailures(ds, body.email, device);
      setSessionCookie(ctx, await createSession(ds, user.id, deps.config), deps);
      await rememberDevice(ctx, deps, user.id, device);
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
