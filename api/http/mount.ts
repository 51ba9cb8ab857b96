import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { recordRouteUse } from '../audit/route-audit';
import { MembershipEntity } from '../db/entities/family';
import type { User } from '../db/entities/user';
import type { AppDeps } from '../deps';
import { currentUser } from '../auth/session-middleware';
import { AppError, badRequest, forbidden, unauthenticated } from './errors';
import { readJsonBody } from './json-body';
import type { RouteSpec } from './route';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../contracts/common';
import { parseOrThrow, refuseUnstorableText } from './validation';

const NoInput = z.union([z.undefined(), z.strictObject({})], { error: 'This request takes no body.' });

function idempotencyKey(ctx: Context): string | undefined {
  const raw = ctx.get(IDEMPOTENCY_KEY_HEADER);
  if (raw === '') return undefined;
  const parsed = IdempotencyKey.safeParse(raw);
  if (!parsed.success) throw badRequest('The Idempotency-Key header is invalid.', [{ path: IDEMPOTENCY_KEY_HEADER, message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

async function authorize(spec: RouteSpec, deps: AppDeps, user: User | undefined, params: Record<string, unknown>) {
  if (spec.access.kind !== 'family') return undefined;
  const familyId = params.familyId as string | undefined;
  if (!familyId) throw new Error(`route ${spec.operationId} has family access but no :familyId`);
  const membership = await deps.dataSource.getRepository(MembershipEntity).findOneBy({ familyId, userId: user!.id });
  if (!membership) throw forbidden('You are not a member of this family.');
  if (!spec.access.roles.includes(membership.role)) {
    throw forbidden(`This needs the ${spec.access.roles.join(' or ')} role in this family.`);
  }
  return membership;
}

/** A route without declared query parameters ignores the query, as before; one with them refuses unknown ones (typos). */
function querySchema(spec: RouteSpec): z.ZodType {
  if (!spec.query) return z.object({});
  return z.strictObject(Object.fromEntries(Object.entries(spec.query).map(([name, q]) => [name, q.schema])));
}

/**
 * Mounts each route as: authenticate → validate path and query → check family role → validate
 * body → handler → audit. Routes declaring `audit` record each use once the handler succeeded
 * (before the answer leaves, so a read that cannot be recorded is not disclosed) and each
 * refusal (403): attempts on health data by people without the role are what an access review
 * looks for.
 */
export function mountRoutes(specs: RouteSpec[], deps: AppDeps): Router {
  const router = new Router();
  for (const spec of specs) {
    const queryShape = querySchema(spec);
    router[spec.method](spec.path, async (ctx: Context) => {
      const user = currentUser(ctx);
      if (spec.access.kind !== 'public' && !user) throw unauthenticated();
      refuseUnstorableText(ctx.query, 'query');
      const params = parseOrThrow(spec.params ?? z.object({}), ctx.params, 'path') as Record<string, unknown>;
      const audited = spec.audit && user ? { operationId: spec.operationId, audit: spec.audit, ctx, userId: user.id, params } : undefined;
      let result;
      try {
        const membership = await authorize(spec, deps, user, params);
        const query = parseOrThrow(queryShape, ctx.query, 'query');
        const raw = await readJsonBody(ctx);
        const body = parseOrThrow(spec.body ?? NoInput, raw, 'body');
        const key = spec.idempotent ? idempotencyKey(ctx) : undefined;
        result = await spec.handler({ params, body, query: query as Record<string, unknown>, user, membership, idempotencyKey: key, ctx }, deps);
      } catch (err) {
        if (audited && err instanceof AppError && err.status === 403) await recordRouteUse(deps, { ...audited, outcome: 'denied' });
        throw err;
      }
      if (audited) await recordRouteUse(deps, { ...audited, outcome: 'allowed', body: result.body });
      ctx.status = result.status ?? spec.response.status;
      if (result.body !== undefined) ctx.body = result.body;
      else if (ctx.status !== 204) throw new AppError(500, 'internal', 'Empty response.');
    });
  }
  return router;
}
