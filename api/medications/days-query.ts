import { z } from 'zod';
import { badRequest } from '../http/errors';

/** `?days=N`: a whole number from 1 to `max`, `fallback` when left out; anything else is a 400 naming `days`. */
export function daysQuery(raw: unknown, fallback: number, max: number): number {
  const parsed = z.coerce.number().int().min(1).max(max).safeParse(raw === undefined ? fallback : raw);
  if (!parsed.success) {
    throw badRequest('The query names something invalid.', [{ path: 'days', message: `must be a whole number from 1 to ${max}` }]);
  }
  return parsed.data;
}

/** The same parameter for the OpenAPI document. */
export const daysParam = (fallback: number, max: number) => ({
  days: { description: `How many days (${fallback} when left out).`, schema: z.coerce.number().int().min(1).max(max).optional() },
});
