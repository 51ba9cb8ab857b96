import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import type { AppDeps } from './deps';
import { errorMiddleware } from './http/error-middleware';
import { methodsGuard } from './http/methods';
import { mountRoutes } from './http/mount';
import { sameOriginStateChanges } from './http/same-origin';
import { securityHeaders } from './http/security-headers';
import { httpMetricsMiddleware } from './metrics/api-metrics';
import { spaMiddleware } from './http/spa';
import { temporalDeadline } from './http/unavailable';
import { sessionMiddleware } from './auth/session-middleware';
import { healthRouter } from './health/routes';
import { buildOpenApi } from './openapi';
import { opsRouters } from './ops/router';
import { apiRoutes } from './routes';
import { TWILIO_SMS_WEBHOOK_PATH, twilioWebhookRouter } from './webhooks/twilio';

export const WEB_DIST = path.resolve(import.meta.dirname, '..', 'web', 'dist');

let openapi: ReturnType<typeof buildOpenApi> | undefined;
/** Built on its first request and kept: about 0.15 s of CPU that most app starts (each test's) never need. */
function openApiDocument(): ReturnType<typeof buildOpenApi> {
  openapi ??= buildOpenApi(apiRoutes);
  return openapi;
}

export function createApp(deps: AppDeps, options: { webDist?: string } = {}): Koa {
  const app = new Koa();
  app.silent = true; // errors are logged once, by the error middleware
  // Behind the TLS proxy, X-Forwarded-Proto makes the Secure cookie settable and
  // X-Forwarded-For names the client; from anyone else those headers are forgeries.
  app.proxy = deps.config.proxy.trusted;
  app.maxIpsCount = deps.config.proxy.hops;
  const docs = new Router();
  docs.get('/api/openapi.json', (ctx) => {
    ctx.body = openApiDocument();
  });
  const api = mountRoutes(apiRoutes, deps);
  const health = healthRouter(deps);
  const twilio = twilioWebhookRouter(deps);
  app.use(httpMetricsMiddleware());
  app.use(errorMiddleware(deps.log));
  app.use(securityHeaders({ production: deps.config.production }));
  // Before the method and same-origin guards: Temporal UI calls the codec (and preflights it)
  // from its own origin; every ops route checks the ops credential itself.
  for (const router of opsRouters(deps)) app.use(router.routes());
  app.use(methodsGuard([health, docs, twilio, api]));
  app.use(sameOriginStateChanges({ appBaseUrl: deps.config.appBaseUrl, exempt: [TWILIO_SMS_WEBHOOK_PATH] }));
  app.use(temporalDeadline(deps.temporal.client.connection, deps.config.temporal.requestDeadlineMs));
  app.use(sessionMiddleware(deps));
  app.use(health.routes());
  app.use(docs.routes());
  app.use(twilio.routes());
  app.use(api.routes());
  app.use(spaMiddleware(options.webDist ?? WEB_DIST));
  return app;
}
