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
      do {
        again = false;
        await read();
      } while (again);
    })().finally(() => {
      reading = null;
    });
    return reading;
  };
}
