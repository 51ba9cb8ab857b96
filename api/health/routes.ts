import Router from '@koa/router';
import type { AppDeps } from '../deps';
import { checkReadiness } from './readiness';

/** `/health` says the process is alive; `/ready` says it can do its job (503 names what is missing). */
export function healthRouter(deps: AppDeps): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const checks = await checkReadiness(deps);
    const ready = Object.values(checks).every((c) => c.ok);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks };
  });
  return router;
}
