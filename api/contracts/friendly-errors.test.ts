import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ProfilePatch, SignupInput } from './auth';
import { Email, PhoneE164 } from './common';

const messages = (schema: z.ZodType, value: unknown) => (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

test('what a person reads beside a field is plain words, not zod jargon', { timeout: 5_000 }, () => {
  const all = [
    ...messages(SignupInput, { email: 'not-an-email', password: 'short', displayName: '', timeZone: 'Mars/Olympus' }),
    ...messages(ProfilePatch, { phone: '0612345678' }),
    ...messages(z.strictObject({ n: z.int().min(1).max(10), s: z.string().max(3) }), { n: 11, s: 'long', extra: 1 }),
    ...messages(z.object({ kind: z.enum(['a', 'b']), needed: z.string() }), { kind: 'c' }),
  ];
  for (const m of all) assert.doesNotMatch(m, /Too (small|big)|\bexpected\b|Invalid|E\.164|IANA|>=|<=/, m);
  assert.ok(all.includes('displayName: Please fill this in.'), all.join('\n'));
  assert.ok(all.includes('email: Enter an email address such as name@example.com.'), all.join('\n'));
  assert.ok(all.includes('needed: Please fill this in.'), all.join('\n'));
  assert.ok(all.includes('n: Use 10 or less.'), all.join('\n'));
  assert.ok(all.includes('s: Keep it to 3 characters or fewer.'), all.join('\n'));
  assert.ok(all.includes('kind: Choose one of the options.'), all.join('\n'));
  assert.ok(all.includes('phone: Enter a mobile number with its country code, such as +33 6 12 34 56 78.'), all.join('\n'));
});

test('messages written on a schema still win', { timeout: 5_000 }, () => {
  assert.deepEqual(messages(Email, 'x'), [': Enter an email address such as name@example.com.']);
  assert.equal(PhoneE164.safeParse('+33612345678').success, true);
});
