/**
 * A fetched list, plus what live events put in `kept` while the fetch was under way: the
 * server may have read its answer before those events happened, so replacing the list
 * would drop them until the next reload. An item in both is the fetched one, unless
 * `keptIsNewer` says the copy already held is newer.
 */
export function mergeFetched<T extends { id: string }>(fetched: readonly T[], kept: readonly T[], keptIsNewer: (kept: T, fetched: T) => boolean = () => false): T[] {
  const byId = new Map(fetched.map((item) => [item.id, item]));
  for (const item of kept) {
    const other = byId.get(item.id);
    if (!other || keptIsNewer(item, other)) byId.set(item.id, item);
  }
  return [...byId.values()];
}
