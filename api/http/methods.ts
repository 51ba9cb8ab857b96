import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { AppError } from './errors';

const ROUTED = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Pages of the SPA (and its files) are only ever read. */
const PAGE_METHODS = ['GET', 'HEAD'];

/**
 * TRACE, PROPFIND or a method a path does not have: 405 with `Allow` naming what it does
 * have (RFC 9110 §15.5.6), as JSON like every other error, rather than Koa's bare 501.
 * OPTIONS answers the same list with 204.
 */
export function methodsGuard(routers: Router[]): Middleware {
  const allowedOn = (path: string): string[] => {
    const layers = routers.flatMap((r) => r.match(path, 'GET').path);
    if (layers.length === 0) return path.startsWith('/api/') ? [] : PAGE_METHODS;
    return [...new Set(layers.flatMap((l) => l.methods))].filter((m) => ROUTED.has(m));
  };
  const refuse = (allowed: string[], method: string) =>
    new AppError(405, 'method_not_allowed', `${method} is not allowed here${allowed.length ? `; use ${allowed.join(', ')}` : ''}.`);

  return async (ctx, next) => {
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', [...allowedOn(ctx.path), 'OPTIONS'].join(', '));
      ctx.status = 204;
      return;
    }
    if (!ROUTED.has(ctx.method)) {
      const allowed = allowedOn(ctx.path);
      ctx.set('Allow', allowed.join(', '));
      throw refuse(allowed, ctx.method);
    }
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const allowed = allowedOn(ctx.path);
    if (allowed.length > 0 && !allowed.includes(ctx.method)) {
      ctx.set('Allow', allowed.join(', '));
      throw refuse(allowed, ctx.method);
    }
  };
}
