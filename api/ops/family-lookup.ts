import Router from '@koa/router';
import type { DataSource } from 'typeorm';
import type { AppDeps } from '../deps';
import { badRequest } from '../http/errors';
import { requireOps } from './ops-auth';

export interface FamilyWorkflowsLink {
  familyId: string;
  name: string;
  members: number;
  /** Paste into Temporal UI's workflow list filter. */
  listFilter: string;
  /** Temporal UI's workflow list, already filtered. */
  url: string;
}

/**
 * From a family's name or a member's email to that family's workflows in Temporal UI.
 * Workflow ids and search attributes hold ids only (no names, by design), so this join
 * happens here, behind the ops credential, never in Temporal.
 */
export async function findFamilyWorkflows(
  dataSource: DataSource,
  ui: { uiUrl: string; namespace: string },
  query: string,
): Promise<FamilyWorkflowsLink[]> {
  const q = query.trim();
  const rows: { id: string; name: string; members: string }[] = q.includes('@')
    ? await dataSource.query(
        `SELECT f.id, f.name, (SELECT count(*) FROM memberships m2 WHERE m2.family_id = f.id) AS members
           FROM families f JOIN memberships m ON m.family_id = f.id JOIN users u ON u.id = m.user_id
          WHERE lower(u.email) = lower($1) ORDER BY f.name, f.id LIMIT 20`,
        [q],
      )
    : await dataSource.query(
        `SELECT f.id, f.name, (SELECT count(*) FROM memberships m WHERE m.family_id = f.id) AS members
           FROM families f WHERE f.name ILIKE '%' || $1 || '%' ESCAPE '\\' ORDER BY f.name, f.id LIMIT 20`,
        [q.replace(/[\\%_]/g, (c) => `\\${c}`)],
      );
  return rows.map((r) => {
    const listFilter = `FamilyId = '${r.id}'`;
    const url = `${ui.uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(listFilter)}`;
    return { familyId: r.id, name: r.name, members: Number(r.members), listFilter, url };
  });
}

/** GET /ops/families?q=<family name or member email>, ops credential required. */
export function familyLookupRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/ops' });
  router.get('/families', requireOps(deps), async (ctx) => {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    if (q.length < 2 || q.length > 200) throw badRequest('Give q: a family name (or part of it) or a member email, 2 to 200 characters.', [{ path: 'q', message: 'required' }]);
    ctx.body = { families: await findFamilyWorkflows(deps.dataSource, deps.config.temporal, q) };
  });
  return router;
}
