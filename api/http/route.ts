import type { Context } from 'koa';
import type { z } from 'zod';
import type { AuditSpec } from '../audit/route-audit';
import type { Role } from '../contracts/common';
import type { Membership } from '../db/entities/family';
import type { User } from '../db/entities/user';
import type { AppDeps } from '../deps';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any logged-in user, or members of the family in `:familyId` with one of these roles. */
export type Access = { kind: 'public' } | { kind: 'user' } | { kind: 'family'; roles: readonly Role[] };

export const PUBLIC: Access = { kind: 'public' };
export const USER: Access = { kind: 'user' };
export const ANY_MEMBER: Access = { kind: 'family', roles: ['admin', 'caregiver', 'viewer'] };
export const CAREGIVERS: Access = { kind: 'family', roles: ['admin', 'caregiver'] };
export const ADMINS: Access = { kind: 'family', roles: ['admin'] };

/** Query parameters by name; each schema must accept absence itself (`.optional()` or `.default()`). */
export type QueryShape = Record<string, { description: string; schema: z.ZodType }>;
export type QueryOutput<Q extends QueryShape> = { [K in keyof Q]: z.output<Q[K]['schema']> };

export interface RouteInput<P, B, Q = Record<string, never>> {
  params: P;
  body: B;
  /** The validated query (empty unless the route declares `query`; undeclared parameters are refused then). */
  query: Q;
  /** Set for every access kind but `public` (where it is set only if a session exists). */
  user: User | undefined;
  /** Set for `family` access: the caller's membership in `params.familyId`. */
  membership: Membership | undefined;
  /** The caller's `Idempotency-Key`, for routes declared `idempotent` (undefined when not sent). */
  idempotencyKey: string | undefined;
  ctx: Context;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, Q extends QueryShape = QueryShape> {
  operationId: string;
  method: Method;
  /** Koa style, e.g. `/api/families/:familyId`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  body?: B;
  /** Accepts an `Idempotency-Key` header: a retry with the same key answers like the first request. */
  idempotent?: boolean;
  /** Answers besides the success and the ones access and validation imply (400/401/403), for the OpenAPI document. */
  errors?: readonly (404 | 409 | 429 | 503)[];
  /** Query parameters: validated by the mounting code and written into the OpenAPI document. */
  query?: Q;
  /** Health data behind this route: every allowed (and every refused) use is written to the audit trail. */
  audit?: AuditSpec;
  /** The success response: status and (unless 204) its schema, for the OpenAPI document. */
  response: { status: number; schema?: z.ZodType; description: string };
  handler(input: RouteInput<z.output<P>, z.output<B>, QueryOutput<Q>>, deps: AppDeps): Promise<RouteResult>;
}

/** Declares a route once: the schemas here validate input and also write the OpenAPI document. */
export function defineRoute<P extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, Q extends QueryShape = Record<string, never>>(
  spec: RouteSpec<P, B, Q>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
