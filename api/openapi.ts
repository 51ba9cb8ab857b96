import { z } from 'zod';
import { ErrorBody } from './contracts/common';
import type { RouteSpec } from './http/route';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } },
});

/** The OpenAPI 3 document, generated from the same schemas that validate requests. */
export function buildOpenApi(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const paramShape = r.params instanceof z.ZodObject ? (r.params.shape as Record<string, z.ZodType>) : {};
    const queryShape = r.query instanceof z.ZodObject ? (r.query.shape as Record<string, z.ZodType>) : {};
    const parameters = [
      ...Object.entries(paramShape).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') })),
      ...Object.entries(queryShape).map(([name, schema]) => ({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: jsonSchema(schema, 'input') })),
    ];
    const responses: Record<string, unknown> = {
      [r.response.status]: r.response.schema
        ? { description: r.response.description, content: { 'application/json': { schema: jsonSchema(r.response.schema, 'output') } } }
        : { description: r.response.description },
      '400': errorResponse('Invalid input: `details` lists each field and what is wrong.'),
    };
    if (r.access.kind !== 'public') responses['401'] = errorResponse('Not logged in or the session expired.');
    if (r.access.kind === 'family') responses['403'] = errorResponse('Not a member of this family, or the role is not enough.');
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access.kind === 'family' ? { family: r.access.roles } : r.access.kind,
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
