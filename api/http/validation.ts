import type { z } from 'zod';
import type { FieldIssue } from '../contracts/common';
import { badRequest } from './errors';

/** Parses with one schema; on failure lists every field and what is wrong with it. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'path'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const message = where === 'body' ? 'Some fields are missing or invalid.' : 'The address names something invalid.';
  throw badRequest(message, details);
}
