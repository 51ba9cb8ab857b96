import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import type { AppDeps } from './deps';
import { errorMiddleware } from './http/error-middleware';
import { mountRoutes } from './http/mount';
import { spaMiddleware } from './http/spa';
import { sessionMiddleware } from './auth/session-middleware';
import { healthRouter } from './health/routes';
import { buildOpenApi } from './openapi';
import { opsRouters } from './ops/router';
import { apiRoutes } from './routes';
import { twilioWebhookRouter } from './webhooks/twilio';

export const WEB_DIST = path.resolve(import.meta.dirname, '..', 'web', 'dist');

export function createApp(deps: AppDeps, options: { webDist?: string } = {}): Koa {
  const app = new Koa();
  app.silent = true; // errors are logged once, by the error middleware
  const openapi = buildOpenApi(apiRoutes);
  const docs = new Router();
  docs.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  const api = mountRoutes(apiRoutes, deps);
  const health = healthRouter(deps);
  app.use(errorMiddleware(deps.log));
  for (const router of opsRouters(deps)) app.use(router.routes());
  app.use(sessionMiddleware(deps));
  app.use(health.routes());
  app.use(docs.routes());
  app.use(twilioWebhookRouter(deps).routes());
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: false }));
  app.use(spaMiddleware(options.webDist ?? WEB_DIST));
  return app;
}
