import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { ErrorBody } from '../contracts/common';
import { loggableError } from '../log';
import { AppError } from './errors';
import { asUnavailable } from './unavailable';

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The matched route's template (`/calendar/:token.ics`), not the path: a path can hold a
 * secret (a calendar feed token, an answer link) and logs are read by more people than the
 * database is. Unmatched paths are logged without their segments.
 */
function routeOf(ctx: { _matchedRoute?: unknown; path: string }): string {
  return typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : `${ctx.path.split('/').slice(0, 2).join('/')}/… (no route)`;
}

/** First in the chain: every failure leaves as `{ error: { code, message, details } }`, never as a stack trace. */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    const requestId = randomUUID();
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path}.`);
      }
    } catch (err) {
      const direct = toAppError(err);
      const unavailable = direct ? undefined : asUnavailable(err);
      const known = direct ?? unavailable;
      if (!known || unavailable) {
        log.error(unavailable ? 'dependency unavailable' : 'unhandled error', { requestId, method: ctx.method, route: routeOf(ctx), ...loggableError(err) });
      }
      const e = known ?? new AppError(500, 'internal', `Something went wrong on our side (request ${requestId}).`);
      const body: ErrorBody = { error: { code: e.code, message: e.message, details: e.details } };
      if (e.code === 'rate_limited' || e.code === 'unavailable') {
        const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry) ctx.set('Retry-After', String(retry));
      }
      ctx.status = e.status;
      ctx.body = body;
    }
  };
}

/** Koa and its parsers throw http-errors with `expose`; their messages are written for clients. */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { status?: number; expose?: boolean; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    const code = e.status === 413 ? 'payload_too_large' : e.status === 415 ? 'unsupported_media_type' : 'validation_failed';
    return new AppError(e.status, code, e.message ?? 'Bad request.');
  }
  return undefined;
}
