/** Percentiles the bench prints: p50 / p99 / max in milliseconds, and a ratio line beside the baseline. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function at(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: at(s, 50), p99: at(s, 99), max: s[s.length - 1] ?? NaN };
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');

export function line(label: string, s: Summary): string {
  return `${label}: n=${s.n} p50=${ms(s.p50)} p99=${ms(s.p99)} max=${ms(s.max)}`;
}

/** ours / baseline, per percentile: below 1 means we are earlier. */
export function ratioLine(label: string, ours: Summary, baseline: Summary): string {
  const r = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(3) : 'n/a');
  return `${label} ours/baseline: p50 ${r(ours.p50, baseline.p50)}, p99 ${r(ours.p99, baseline.p99)}, max ${r(ours.max, baseline.max)}`;
}

/** Every figure line starts with its section's tag, so a reader (and the quick test) can find it. */
export function report(tag: string, text: string): void {
  console.log(`[${tag}] ${text}`);
}

export function seconds(fromMs: number): string {
  return `${((Date.now() - fromMs) / 1000).toFixed(1)} s`;
}
