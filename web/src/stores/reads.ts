/**
 * Re-reads after live events, one at a time: answers to overlapping reads can come back out
 * of order, and an older one would overwrite a newer. A call while a read is under way asks
 * for exactly one more, and its promise settles once that one has been applied.
 */
export function oneAtATime(read: () => Promise<void>): () => Promise<void> {
  let reading: Promise<void> | null = null;
  let again = false;
  return () => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          await read();
        } while (again);
      } finally {
        // Cleared in the same step as the last check of `again`: a later call starts afresh.
        reading = null;
      }
    })();
    return reading;
  };
}

/**
 * For one kind of read started from several places (a page mounting, a live event): only
 * the answer to the read started last is applied, whatever order the answers come back in.
 */
export function newestOnly(): () => () => boolean {
  let started = 0;
  return () => {
    const mine = ++started;
    return () => mine === started;
  };
}
