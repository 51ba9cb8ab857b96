import type { z } from 'zod';
import { UNSTORABLE_TEXT_MESSAGE, findUnstorableText, type FieldIssue } from '../contracts/common';
import { badRequest } from './errors';

const MESSAGES = {
  body: 'Some fields are missing or invalid.',
  path: 'The address names something invalid.',
  query: 'The query names something invalid.',
} as const;

/** Refuses text PostgreSQL cannot store, wherever it is: every field of every request passes here first. */
export function refuseUnstorableText(value: unknown, where: keyof typeof MESSAGES): void {
  const path = findUnstorableText(value);
  if (path !== undefined) throw badRequest(MESSAGES[where], [{ path, message: UNSTORABLE_TEXT_MESSAGE }]);
}

/** Parses with one schema; on failure lists every field and what is wrong with it. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'path' | 'query'): z.output<S> {
  refuseUnstorableText(value, where);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw badRequest(MESSAGES[where], details);
}
