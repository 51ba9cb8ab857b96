/** The bench's sizes: full (the figures) or quick (a smoke test for CI). Env vars override single sizes. */
export interface BenchOptions {
  quick: boolean;
  stacks: string[];
  /** Workers per production-shape stack, one fresh stack each (`--workers=1,2`). */
  workers: (1 | 2)[];
  /** T1 */
  openSchedules: number;
  steadyRatePerSec: number;
  steadyWindowMin: number;
  /** Every n-th T1 dose (among those whose chain pages before T1 ends) is left unanswered. */
  unansweredEvery: number;
  /** T6 */
  escalations: number;
  /** T2 */
  rampPerSec: number[];
  /** T3 */
  burst: number;
  /** T5 */
  apiSeconds: number;
  /** Baseline */
  baselineWindowMin: number;
  baselinePhaseSec: number;
}

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

const list = (argv: string[], flag: string, fallback: string) =>
  (argv.find((a) => a.startsWith(flag))?.slice(flag.length) ?? fallback).split(',').filter(Boolean);

function workerCount(text: string): 1 | 2 {
  if (text === '1' || text === '2') return Number(text) as 1 | 2;
  throw new Error(`--workers= takes 1, 2 or 1,2 (a production-shape stack runs one or two workers), not "${text}"`);
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const stacks = list(argv, '--stacks=', 'dev');
  return {
    quick,
    stacks,
    workers: list(argv, '--workers=', '1,2').map(workerCount),
    openSchedules: num('BENCH_OPEN_SCHEDULES', quick ? 100 : 10_000),
    steadyRatePerSec: num('BENCH_STEADY_RATE', quick ? 1 : 17),
    steadyWindowMin: num('BENCH_STEADY_MINUTES', quick ? 1 : 7),
    unansweredEvery: num('BENCH_UNANSWERED_EVERY', 20),
    escalations: num('BENCH_ESCALATIONS', quick ? 3 : 100),
    rampPerSec: quick ? [0.25] : [0.25, 0.5, 1, 2, 5, 10, 20, 40, 80],
    burst: num('BENCH_BURST', quick ? 30 : 2000),
    apiSeconds: num('BENCH_API_SECONDS', quick ? 1 : 30),
    baselineWindowMin: num('BENCH_BASELINE_MINUTES', quick ? 1 : 3),
    // The seed's job ran every 60 s from whenever it started: a dose waits for the next scan.
    // 30 s is the mean wait over a uniformly random phase; quick mode shortens it to save time.
    baselinePhaseSec: num('BENCH_BASELINE_PHASE', quick ? 5 : 30),
  };
}
