/**
 * "Full jitter" backoff (AWS architecture blog): a random wait between 0 and an
 * exponentially growing cap, so a hundred phones that lost the same server do not all
 * come back in the same millisecond.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(random() * ceiling);
}
