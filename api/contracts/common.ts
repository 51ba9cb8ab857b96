import { z } from 'zod';
import { friendlyError } from './friendly-errors';

// Every contract imports this file, in the API and in the SPA: one set of plain messages for both.
z.config({ customError: friendlyError });

/**
 * Zones already found valid: building a formatter to check one costs more than the rest of
 * a reminder's text. Only names spelled as the runtime spells them enter it ("europe/paris"
 * is accepted but checked each time), so it holds at most the IANA list.
 */
const knownZones = new Set<string>();

/** Accepts only zones the runtime's IANA database knows, so a typo never becomes a schedule. */
export function isIanaTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (!zone.includes('/') && zone !== 'UTC') return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  if (resolved === zone) knownZones.add(zone);
  return true;
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isIanaTimeZone, { message: 'Choose a time zone from the list, such as Europe/Paris.' });

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter an email address such as name@example.com.' }))
  .transform((e) => e.toLowerCase());

/** E.164: a plus sign, a country code, at most 15 digits, no spaces. */
export const PhoneE164 = z.string().regex(/^\+[1-9]\d{6,14}$/, { message: 'Enter a mobile number with its country code, such as +33 6 12 34 56 78.' });

export const DisplayName = z.string().trim().min(1).max(80);
export const Uuid = z.uuid();
export const Role = z.enum(['admin', 'caregiver', 'viewer']);
export type Role = z.infer<typeof Role>;

export const ErrorCode = z.enum([
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** One entry of `details` for validation errors: which field, and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** U+0000, or half of a UTF-16 surrogate pair with no other half (JSON `"\ud800"` parses to one). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text cannot hold U+0000 and a lone surrogate has no UTF-8 form: either would
 * be accepted here and then fail the write later (in an activity, retried for ever). So
 * every string that comes in, key or value, at any depth, is checked before any schema
 * runs. Returns the path of the first offending one ("" for the value itself).
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return [...path, key].join('.');
    const found = findUnstorableText(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain a NUL character (U+0000) or broken Unicode';

/**
 * The `Idempotency-Key` header of an answer (a dose taken, an escalation acknowledged):
 * one per user action, reused on every retry of it, so a retry after a lost response gets
 * the first answer's result instead of "already answered".
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, { message: 'must be 8 to 100 letters, digits or _ . : -' });
