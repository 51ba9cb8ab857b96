/**
 * Update ids for answers. Temporal answers a repeated Update id with the first one's outcome,
 * so a retry after a lost response or an outage gets that result, not "already answered",
 * and two identical requests at once still make one answer.
 */

/**
 * An answer sent with an Idempotency-Key. Scoped by action and caller: one person's key never
 * stands for another's answer, and undefined (no key) lets the SDK pick a fresh id.
 */
export function answerUpdateId(action: string, userId: string, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `${action}/${userId}/${idempotencyKey}`;
}

/** An answer from an email link or push action: the signed link (its jti) is the key, as it answers once. */
export function linkUpdateId(jti: string): string {
  return `link/${jti}`;
}
