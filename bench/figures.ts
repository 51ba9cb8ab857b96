const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** One line of figures: count, min, median, p95, max, in milliseconds. */
export function printSummary(label: string, values: number[]): void {
  const s = [...values].sort((a, b) => a - b);
  console.log(`${label}: n=${s.length} min=${s[0]} median=${percentile(s, 50)} p95=${percentile(s, 95)} max=${s[s.length - 1]} (ms)`);
}
