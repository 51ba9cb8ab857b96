import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { MembershipEntity } from '../db/entities/family';
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

/** Mounts each route as: authenticate → validate path → check family role → validate body → handler. */
export function mountRoutes(specs: RouteSpec[], deps: AppDeps): Router {
  const router = new Router();
  for (const spec of specs) {
    router[spec.method](spec.path, async (ctx: Context) => {
      const user = currentUser(ctx);
      if (spec.access.kind !== 'public' && !user) throw unauthenticated();
      refuseUnstorableText(ctx.query, 'query');
      const params = parseOrThrow(spec.params ?? z.object({}), ctx.params, 'path');
      let membership;
      if (spec.access.kind === 'family') {
        const familyId = (params as { familyId?: string }).familyId;
        if (!familyId) throw new Error(`route ${spec.operationId} has family access but no :familyId`);
        membership = await deps.dataSource.getRepository(MembershipEntity).findOneBy({ familyId, userId: user!.id });
        if (!membership) throw forbidden('You are not a member of this family.');
        if (!spec.access.roles.includes(membership.role)) {
          throw forbidden(`This needs the ${spec.access.roles.join(' or ')} role in this family.`);
        }
      }
      const raw = await readJsonBody(ctx);
      const body = parseOrThrow(spec.body ?? NoInput, raw, 'body');
      const key = spec.idempotent ? idempotencyKey(ctx) : undefined;
      const result = await spec.handler({ params, body, user, membership, idempotencyKey: key, ctx }, deps);
      ctx.status = result.status ?? spec.response.status;
      if (result.body !== undefined) ctx.body = result.body;
      else if (ctx.status !== 204) throw new AppError(500, 'internal', 'Empty response.');
    });
  }
  return router;
}
