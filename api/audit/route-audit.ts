import type { Context } from 'koa';
import type { AuditAction, AuditResource } from '../contracts/audit';
import type { AppDeps } from '../deps';
import { originOf, recordAudit } from './record';

/** Declared on a route (`audit:` in defineRoute): the mounting code records every use of it. */
export interface AuditSpec {
  action: AuditAction;
  resource: AuditResource;
  /** Path parameters naming the record, joined with "/" (a dose is `scheduleId/doseKey`); none for family-wide reads. */
  idParams?: readonly string[];
  /** For a create: where the response names the new record. */
  idFromBody?: (body: any) => string | undefined;
}

interface RouteUse {
  operationId: string;
  audit: AuditSpec;
  ctx: Context;
  userId: string;
  params: Record<string, unknown>;
  outcome: 'allowed' | 'denied';
  body?: unknown;
}

export async function recordRouteUse(deps: AppDeps, use: RouteUse): Promise<void> {
  const { audit, params } = use;
  const fromPath = audit.idParams?.map((p) => String(params[p] ?? '')).join('/');
  const fromBody = use.outcome === 'allowed' && use.body !== undefined ? audit.idFromBody?.(use.body) : undefined;
  await recordAudit(deps.dataSource, {
    ...originOf(use.ctx),
    familyId: typeof params.familyId === 'string' ? params.familyId : null,
    userId: use.userId,
    action: audit.action,
    resourceType: audit.resource,
    resourceId: fromBody ?? fromPath ?? null,
    outcome: use.outcome,
    operation: use.operationId,
  });
}
