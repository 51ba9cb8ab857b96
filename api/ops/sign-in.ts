import Router from '@koa/router';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../http/errors';
import { OPS_COOKIE, OPS_COOKIE_PATH, requireOps, tokenMatches } from './ops-auth';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CareCircle ops sign-in</title></head>
<body>
<h1>CareCircle ops sign-in</h1>
<form method="post" action="/ops/sign-in">
<label>Ops token <input name="token" type="password" autocomplete="off" required></label>
<button type="submit">Sign in</button>
</form>
<p>Then, in Temporal UI, open the codec server settings and turn on
"Include cross-origin credentials": the UI's decode requests carry this sign-in.</p>
</body></html>
`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const signedInPage = (uiUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CareCircle ops: signed in</title></head>
<body><h1>Signed in as ops for 8 hours</h1>
<p><a href="${escapeHtml(uiUrl)}">Open Temporal UI</a></p>
</body></html>
`;

/**
 * Signs a browser in as ops with the OPS_TOKEN: an HttpOnly cookie scoped to /ops, which
 * Temporal UI's codec requests carry when "include credentials" is on (its only way to
 * authenticate without an identity provider). The token is long and random, so guessing
 * it through this form is not a practical attack.
 */
export function signInRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/ops' });
  const cookie = {
    httpOnly: true,
    path: OPS_COOKIE_PATH,
    secure: deps.config.sessions.secureCookie,
    // The UI calls from another origin: same-site in the embedded mode (localhost), Lax is
    // enough; in production the UI sits elsewhere, which needs None, allowed only with Secure.
    sameSite: deps.config.sessions.secureCookie ? ('none' as const) : ('lax' as const),
    overwrite: true,
  };
  router.get('/sign-in', (ctx) => {
    ctx.type = 'html';
    ctx.body = PAGE;
  });
  router.post('/sign-in', async (ctx) => {
    if (!ctx.is('application/x-www-form-urlencoded')) throw new AppError(415, 'unsupported_media_type', 'Send the sign-in form (application/x-www-form-urlencoded).');
    const token = new URLSearchParams(await readSmallBody(ctx.req)).get('token')?.trim() ?? '';
    if (!token) throw badRequest('Give the ops token.', [{ path: 'token', message: 'required' }]);
    if (!deps.config.ops.token || !tokenMatches(token, deps.config.ops.token)) {
      throw new AppError(401, 'unauthenticated', 'The ops token is not valid.');
    }
    ctx.cookies.set(OPS_COOKIE, token, { ...cookie, maxAge: 8 * 3_600_000 });
    // A page with a link, not a redirect: the CSP's form-action 'self' forbids a form's redirect to the UI's origin.
    ctx.type = 'html';
    ctx.body = signedInPage(deps.config.temporal.uiUrl);
  });
  router.post('/sign-out', requireOps(deps), (ctx) => {
    ctx.cookies.set(OPS_COOKIE, '', { ...cookie, maxAge: 0 });
    ctx.status = 204;
  });
  return router;
}

async function readSmallBody(req: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 4096) throw new AppError(413, 'payload_too_large', 'The sign-in form is larger than 4 KB.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
