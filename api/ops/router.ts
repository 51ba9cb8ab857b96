import type Router from '@koa/router';
import type { AppDeps } from '../deps';
import { codecRouter } from './codec-routes';
import { familyLookupRouter } from './family-lookup';
import { signInRouter } from './sign-in';

/**
 * Everything under /ops: for the people who run CareCircle, not for families. Mounted
 * ahead of the app's session and same-origin checks: Temporal UI calls the codec from
 * its own origin, and every route here checks the ops credential itself.
 */
export function opsRouters(deps: AppDeps): Router[] {
  return [codecRouter(deps), signInRouter(deps), familyLookupRouter(deps)];
}
