import type { z } from 'zod';
import type { FieldIssue } from '../contracts/common';
import { badRequest } from './errors';

/** Parses with one schema; on failure lists every field and what is wrong with it. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'path' | 'query'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const message = { body: 'Some fields are missing or invalid.', path: 'The address names something invalid.', query: 'The query names something invalid.' }[where];
  throw badRequest(message, details);
}
