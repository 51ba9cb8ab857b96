import type { Context, Middleware } from 'koa';
import type { User } from '../db/entities/user';
import type { AppDeps } from '../deps';
import { SESSION_COOKIE, resolveSession } from './sessions';

/** Resolves the session cookie (if any) once per request; routes decide whether a user is required. */
export function sessionMiddleware(deps: AppDeps): Middleware {
  return async (ctx, next) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token && ctx.path.startsWith('/api/')) {
      ctx.state.user = await resolveSession(deps.dataSource, token, deps.config);
    }
    await next();
  };
}

export function currentUser(ctx: Context): User | undefined {
  return ctx.state.user as User | undefined;
}

export function setSessionCookie(ctx: Context, token: string, deps: AppDeps): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.sessions.secureCookie,
    maxAge: deps.config.sessions.absoluteMs,
    overwrite: true,
  });
}

export function clearSessionCookie(ctx: Context, deps: AppDeps): void {
  ctx.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: deps.config.sessions.secureCookie, maxAge: 0 });
}
