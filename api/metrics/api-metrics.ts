import type { Context, Next } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The API process's metrics. One registry per process (module scope): several apps in one
 * test process share it, as several routers in one process would.
 */
export const apiRegistry = new Registry();
collectDefaultMetrics({ register: apiRegistry });

export const httpRequestDuration = new Histogram({
  name: 'carecircle_http_request_duration_seconds',
  help: 'HTTP request duration by method, route template (never a raw path) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [apiRegistry],
});

export const wsConnections = new Gauge({
  name: 'carecircle_ws_connections',
  help: 'Open /ws connections on this API replica.',
  registers: [apiRegistry],
});

export const wsEventsFannedOut = new Counter({
  name: 'carecircle_ws_events_fanned_out_total',
  help: 'Family events written to subscribed sockets on this replica (one per socket), by event type.',
  labelNames: ['type'] as const,
  registers: [apiRegistry],
});

/**
 * The route label is the router's template (`/api/families/:familyId`), so ids never become
 * label values: one series per route, not one per family. Paths no router matched are
 * folded into two buckets, since anyone can send any path.
 */
function routeLabel(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  if (typeof matched === 'string') return matched;
  return ctx.path.startsWith('/api/') ? '(unmatched api)' : '(spa or static)';
}

/** Outermost middleware: sees the status the error middleware chose, and times everything inside. */
export function httpMetricsMiddleware() {
  return async (ctx: Context, next: Next) => {
    const end = httpRequestDuration.startTimer();
    let status: number | undefined;
    try {
      await next();
      status = ctx.status;
    } finally {
      end({ method: ctx.method, route: routeLabel(ctx), status: String(status ?? 500) });
    }
  };
}
