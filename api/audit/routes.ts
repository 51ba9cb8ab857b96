import { AuditPage, AuditQuery, type AuditEntry } from '../contracts/audit';
import { FamilyParams } from '../families/params';
import { ADMINS, defineRoute } from '../http/route';

interface AuditRow {
  id: string;
  at: Date;
  user_id: string | null;
  action: AuditEntry['action'];
  resource_type: AuditEntry['resourceType'];
  resource_id: string | null;
  outcome: AuditEntry['outcome'];
  via: AuditEntry['via'];
  operation: string;
  ip: string | null;
  user_agent: string | null;
}

const present = (r: AuditRow): AuditEntry => ({
  id: String(r.id),
  at: r.at.toISOString(),
  userId: r.user_id,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  outcome: r.outcome,
  via: r.via,
  operation: r.operation,
  ip: r.ip,
  userAgent: r.user_agent,
});

export const auditRoutes = [
  defineRoute({
    operationId: 'familyAuditTrail',
    method: 'get',
    path: '/api/families/:familyId/audit',
    summary: "Who read or changed this family's health data, when and from where; newest first",
    tag: 'audit',
    access: ADMINS,
    params: FamilyParams,
    query: AuditQuery,
    response: { status: 200, schema: AuditPage, description: 'One page; pass `nextBefore` as `before` for the next (null on the last page).' },
    async handler({ params, query }, deps) {
      // Ids grow with time, so "id < before" pages newest first down (family_id, id DESC).
      const rows = (await deps.dataSource.query(
        `SELECT * FROM audit_events WHERE family_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
        [params.familyId, query.before ?? null, query.limit + 1],
      )) as AuditRow[];
      const page = rows.slice(0, query.limit);
      return { body: { entries: page.map(present), nextBefore: rows.length > query.limit ? String(page.at(-1)!.id) : null } };
    },
  }),
];
