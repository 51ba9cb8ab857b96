import type { Context, Middleware } from 'koa';
import { AppError, forbidden } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A browser may have been tricked into sending this from another site's page (with our cookie). */
function crossSite(ctx: Context, appBaseUrl: string): boolean {
  const origin = ctx.get('origin');
  if (origin) {
    try {
      const url = new URL(origin);
      return !(url.host === ctx.host || url.origin === new URL(appBaseUrl).origin);
    } catch {
      return true; // `Origin: null` (sandboxed frames, file: pages) and garbage
    }
  }
  // Browsers that omit Origin still say where a request comes from; `none` is the user's own action.
  const site = ctx.get('sec-fetch-site');
  return site !== '' && site !== 'same-origin' && site !== 'none';
}

/**
 * CSRF defence for every state-changing API call: it must come from our own pages, and
 * any body must be JSON (which a cross-site form cannot send without a CORS preflight we
 * never grant). Callers that are not browsers send neither Origin nor Sec-Fetch-Site and
 * pass; the cookie is SameSite=Lax as a second line. `exempt` paths authenticate
 * otherwise (Twilio signs its form-encoded webhook).
 */
export function sameOriginStateChanges(options: { appBaseUrl: string; exempt: string[] }): Middleware {
  return async (ctx, next) => {
    if (SAFE_METHODS.has(ctx.method) || !ctx.path.startsWith('/api/') || options.exempt.includes(ctx.path)) return next();
    if (crossSite(ctx, options.appBaseUrl)) {
      throw forbidden('This request came from another site. Use CareCircle itself to make changes.');
    }
    const type = ctx.get('content-type');
    if (type !== '' && !ctx.is('application/json')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    await next();
  };
}
