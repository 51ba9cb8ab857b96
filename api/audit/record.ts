import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import type { AuditAction, AuditResource, AuditVia } from '../contracts/audit';
import type { Queryable } from '../events/publisher';

/** Long enough to tell browsers and devices apart, short enough that nobody stores a fingerprint. */
export const USER_AGENT_MAX = 200;

export interface AuditOrigin {
  via: AuditVia;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord extends AuditOrigin {
  familyId: string | null;
  userId: string | null;
  action: AuditAction;
  resourceType: AuditResource;
  resourceId: string | null;
  outcome: 'allowed' | 'denied';
  /** The operation id (or webhook name): which door was used, never what was written. */
  operation: string;
}

/** Where a request came from, as Koa sees it (the socket address unless `app.proxy` trusts X-Forwarded-For). */
export function originOf(ctx: Pick<Context, 'ip' | 'get'>, via: AuditVia = 'api'): AuditOrigin {
  const agent = ctx.get('user-agent');
  return { via, ip: ctx.ip || null, userAgent: agent ? agent.slice(0, USER_AGENT_MAX) : null };
}

/** The same for a ws handshake, which Koa never sees: X-Forwarded-For read as Koa would (`app.proxy`, `maxIpsCount`). */
export function originOfUpgrade(req: IncomingMessage, proxy: { trusted: boolean; hops: number }): AuditOrigin {
  const forwarded = proxy.trusted ? String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean).slice(-proxy.hops) : [];
  const agent = req.headers['user-agent'];
  return { via: 'ws', ip: forwarded[0] ?? req.socket.remoteAddress ?? null, userAgent: agent ? agent.slice(0, USER_AGENT_MAX) : null };
}

/**
 * Appends one row to the audit trail. Callers await it before answering: a read whose
 * record cannot be written fails rather than disclose health data unrecorded.
 */
export async function recordAudit(db: Queryable, r: AuditRecord): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (family_id, user_id, action, resource_type, resource_id, outcome, via, operation, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.familyId, r.userId, r.action, r.resourceType, r.resourceId, r.outcome, r.via, r.operation, r.ip, r.userAgent?.slice(0, USER_AGENT_MAX) ?? null],
  );
}
