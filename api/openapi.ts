import { z } from 'zod';
import { ErrorBody, IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './contracts/common';
import type { RouteSpec } from './http/route';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } },
});

const STATE_CHANGES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Every error status an operation can answer, derived from what the middleware chain
 * does to it (api/app.ts, api/http/mount.ts) plus what its handler declares. A fuzzer
 * checks each answer against this list, so it errs on the side of listing.
 */
function errorResponses(r: RouteSpec): Record<string, unknown> {
  const changes = STATE_CHANGES.has(r.method);
  const hasPathParams = r.path.includes(':');
  const out: Record<string, unknown> = {
    '400': errorResponse('Invalid input (also text with U+0000 or broken Unicode): `details` lists each field and what is wrong.'),
  };
  out['401'] = errorResponse(
    r.access.kind === 'public' ? 'The credentials or the token in the request are not valid.' : 'Not logged in or the session expired.',
  );
  if (r.access.kind === 'family' || changes) {
    out['403'] = errorResponse('Not a member of this family, the role is not enough, or the request came from another site.');
  }
  if (hasPathParams || r.errors?.includes(404)) out['404'] = errorResponse('What the address names does not exist (or not here).');
  if (changes || r.errors?.includes(409)) out['409'] = errorResponse('The request conflicts with where things stand (already answered, taken, finished…).');
  if (changes) {
    out['413'] = errorResponse('The body is larger than 64 KiB.');
    out['415'] = errorResponse('The body is not application/json.');
  }
  if (changes || r.access.kind === 'public' || r.errors?.includes(429)) out['429'] = errorResponse('Too many requests; `Retry-After` says when to try again.');
  out['503'] = errorResponse('The database or the scheduler cannot be reached; `Retry-After` says when to try again.');
  return out;
}

/** The OpenAPI 3 document, generated from the same schemas that validate requests. */
export function buildOpenApi(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const paramShape = r.params instanceof z.ZodObject ? (r.params.shape as Record<string, z.ZodType>) : {};
    const parameters: Record<string, unknown>[] = Object.entries(paramShape).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema: jsonSchema(schema, 'input'),
    }));
    for (const [name, q] of Object.entries(r.query ?? {})) {
      parameters.push({ name, in: 'query', required: false, description: q.description, schema: jsonSchema(q.schema, 'input') });
    }
    if (r.idempotent) {
      parameters.push({
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description: 'One key per user action, reused on every retry of it: a retry answers with the first answer\'s result instead of 409.',
        schema: jsonSchema(IdempotencyKey, 'input'),
      });
    }
    const responses: Record<string, unknown> = {
      [r.response.status]: r.response.schema
        ? { description: r.response.description, content: { 'application/json': { schema: jsonSchema(r.response.schema, 'output') } } }
        : { description: r.response.description },
      ...errorResponses(r),
    };
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access.kind === 'family' ? { family: r.access.roles } : r.access.kind,
      // Public operations (sign-up, login, answer links…) need no session cookie.
      ...(r.access.kind === 'public' ? { security: [] } : {}),
      ...(r.audit ? { 'x-audit': { action: r.audit.action, resource: r.audit.resource } } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'CareCircle API', version: '0.1.0', description: 'Errors are always { error: { code, message, details } }.' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cc_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
