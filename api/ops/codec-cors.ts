import type { Middleware } from 'koa';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization, Authorization-Extras';

/**
 * CORS for the codec endpoints, for Temporal UI's origin only (CODEC_CORS_ORIGINS).
 * Credentials are allowed, so the origin is echoed exactly, never `*`. A browser request
 * from any other origin is refused before anything is decoded: a page elsewhere must
 * not be able to make an ops person's browser decrypt payloads for it. Requests with no
 * Origin (the temporal CLI, scripts) are not browsers and need no CORS.
 */
export function codecCors(deps: AppDeps): Middleware {
  const allowed = new Set(deps.config.ops.codecCorsOrigins);
  return async (ctx, next) => {
    ctx.vary('Origin');
    const origin = ctx.get('origin');
    const ok = origin !== '' && allowed.has(origin);
    if (ok) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
    }
    if (ctx.method === 'OPTIONS') {
      // The preflight carries no credentials; without the headers above the browser stops here.
      if (ok) {
        ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
        ctx.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    if (origin !== '' && !ok) throw new AppError(403, 'forbidden', `Origin ${origin} may not call the codec server; allowed: ${[...allowed].join(', ')} (CODEC_CORS_ORIGINS).`);
    await next();
  };
}
