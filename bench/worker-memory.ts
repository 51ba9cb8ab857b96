/**
 * Worker RSS as open schedules grow, 1,000 at a time (figures only): what a cached
 * workflow costs (issue 12's T4; temporal/worker.ts sizes the cache from it).
 *
 *   BENCH_MEMORY_STEPS=4 node --import tsx bench/worker-memory.ts
 */
import { useFixtureKey } from '../temporal/codec/fixture-keys';
import { exitWithVerdictCode, verdict } from './suite/flaws';
import { minuteAhead, seedSchedules, waitScheduled } from './suite/seed';
import { processMemory, startDevBenchStack } from './suite/stack';

useFixtureKey();
const MiB = 2 ** 20;
const steps = Number(process.env.BENCH_MEMORY_STEPS ?? 4);
const stack = await startDevBenchStack(1);
const [pid] = stack.workerPids();
const rss = () => `${(processMemory(pid!).rss / MiB).toFixed(0)} MiB`;
try {
  console.log(`open=0 rss=${rss()}`);
  for (let step = 1; step <= steps; step++) {
    // Three hours ahead: every workflow sleeps, none is answered or reminded.
    const due = minuteAhead(3 * 3_600_000 + step * 60_000);
    const doses = await seedSchedules(stack, Array<number>(1000).fill(due), { label: `step ${step}` });
    await waitScheduled(stack, doses.map((d) => d.dueMs), `step ${step}`, 300_000);
    await new Promise((r) => setTimeout(r, 15_000)); // let the worker's heap settle
    console.log(`open=${step * 1000} rss=${rss()}`);
  }
  verdict({ quick: false });
} finally {
  await stack.stop();
}
exitWithVerdictCode();
