import { z } from 'zod';

/** Accepts only zones the runtime's IANA database knows, so a typo never becomes a schedule. */
export function isIanaTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Europe/Paris' });

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }))
  .transform((e) => e.toLowerCase());

/** E.164: a plus sign, a country code, at most 15 digits, no spaces. */
export const PhoneE164 = z.string().regex(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 number such as +33612345678' });

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
