import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';

/**
 * Ops access: one shared credential (OPS_TOKEN), sent as `Authorization: Bearer <token>`
 * (the temporal CLI's --codec-auth, scripts) or as the HttpOnly cookie set by
 * /ops/sign-in (Temporal UI, whose codec requests carry cookies when "include
 * credentials" is on). App accounts never grant it: a family admin is not ops.
 */
export const OPS_COOKIE = 'carecircle_ops';
/** The cookie is sent to the ops routes only, never to /api or the SPA. */
export const OPS_COOKIE_PATH = '/ops';

export function requireOps(deps: AppDeps): Middleware {
  return async (ctx, next) => {
    const expected = deps.config.ops.token;
    if (!expected) throw new AppError(401, 'unauthenticated', 'Ops access is not configured on this server (set OPS_TOKEN).');
    const given = presentedToken(ctx);
    if (!given) throw new AppError(401, 'unauthenticated', 'An ops credential is required: Authorization: Bearer <OPS_TOKEN>, or sign in at /ops/sign-in.');
    if (!tokenMatches(given, expected)) throw new AppError(401, 'unauthenticated', 'The ops credential is not valid.');
    await next();
  };
}

function presentedToken(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  return bearer ?? ctx.cookies.get(OPS_COOKIE) ?? undefined;
}

/** Compares digests, so neither the length nor a prefix of the token leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The embedded mode's ops token: generated at first start into data/ (0600), like the
 * payload key, and printed as a path (never as the value) by `npm start`.
 */
export function embeddedOpsToken(dataDir: string): { token: string; file: string } {
  const file = path.join(dataDir, 'ops-token');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { token: fs.readFileSync(file, 'utf8').trim(), file };
}
