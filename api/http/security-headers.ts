import type { Middleware } from 'koa';

/**
 * The SPA loads only its own bundled scripts and styles (no inline script, so an injected
 * `<script>` never runs) and connects only to this origin (REST and /ws). Push services are
 * reached by the browser itself, not by page code, so they need no entry here.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every answer. Answer tokens travel in URLs, hence no Referer ever; API answers
 * hold family and health data, hence never cached by a browser or a shared proxy. HSTS only
 * in production, where TLS is guaranteed: sent over plain HTTP on localhost it would be
 * ignored at best and pin a developer's browser at worst.
 */
export function securityHeaders(options: { production: boolean }): Middleware {
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (options.production) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (ctx.path.startsWith('/api/') || ctx.path === '/ready') ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
