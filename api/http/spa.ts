import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

/**
 * Serves the built SPA and answers unknown page paths with index.html so deep links
 * (e.g. an invitation link) open in the app. API and ws paths are never rewritten.
 */
export function spaMiddleware(distDir: string): Middleware {
  const staticFiles = serve(distDir, { index: 'index.html', maxage: 0 });
  const indexFile = path.join(distDir, 'index.html');
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/') || ctx.path === '/ws') return next();
    await staticFiles(ctx, async () => {});
    if (ctx.body !== undefined || ctx.method !== 'GET' || !ctx.accepts('html')) return next();
    if (!fs.existsSync(indexFile)) {
      ctx.status = 503;
      ctx.body = 'The web app is not built yet: run `npm run build:web`.';
      return;
    }
    ctx.type = 'html';
    ctx.body = fs.createReadStream(indexFile);
  };
}
