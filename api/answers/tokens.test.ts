import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { signAnswerToken, verifyAnswerToken } from './tokens';

const key = randomBytes(32);
const claims = { escalationId: 'e', familyId: 'f', userId: 'u', channel: 'email' as const, exp: Math.floor(Date.now() / 1000) + 600 };

test('a token we signed verifies and carries its claims', () => {
  const verified = verifyAnswerToken(key, signAnswerToken(key, claims));
  assert.equal(verified?.userId, 'u');
  assert.ok(verified?.jti);
});

test('a forged, altered, expired or foreign-key token is refused', () => {
  const token = signAnswerToken(key, claims);
  const [body, sig] = token.split('.');
  const altered = Buffer.from(JSON.stringify({ ...claims, userId: 'attacker', jti: 'x' })).toString('base64url');
  assert.equal(verifyAnswerToken(key, `${altered}.${sig}`), null);
  assert.equal(verifyAnswerToken(key, `${body}.${'A'.repeat(43)}`), null);
  assert.equal(verifyAnswerToken(randomBytes(32), token), null);
  assert.equal(verifyAnswerToken(key, signAnswerToken(key, { ...claims, exp: 1 })), null);
  assert.equal(verifyAnswerToken(key, 'garbage'), null);
});
