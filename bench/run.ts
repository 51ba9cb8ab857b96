/**
 * The benchmark (figures only, never a test): `npm run bench` (full: 10,000 workflows
 * start and settle before T1, then about 25 min of sections; see the README for measured
 * times) or `npm run bench -- --quick` (small sizes, sections side by side, about 3 min:
 * the smoke test test/bench-quick.test.ts). `--stacks=dev,prod` also runs T1 and T3 on the production
 * topology with one worker and with two (`--workers=1` for one only). Sections:
 *   T1 steady state · T2 highest rate with p99 ≤ 1 s · T3 burst of one minute ·
 *   T4 worker RSS and Temporal bytes per open schedule · T5 API latency ·
 *   T6 escalation-step lateness under T1 · the seed's 60-s scan as baseline, same run.
 * Every figure line starts with its section's tag; lateness = reminder sent − due.
 */
import os from 'node:os';
import { baseline } from './baseline/baseline';
import { apiLoad } from './suite/api-load';
import { burst, ramp } from './suite/burst';
import { line, ratioLine, report, seconds } from './suite/figures';
import { exitWithVerdictCode, verdict } from './suite/flaws';
import { footprint } from './suite/footprint';
import { parseOptions, type BenchOptions } from './suite/options';
import { startBenchStack } from './suite/stacks';
import { steadyState } from './suite/steady';
import { useFixtureKey } from '../temporal/codec/fixture-keys';

const o = parseOptions(process.argv.slice(2));
// Payloads encrypted as in production, with one key made for this run (never a real one from the
// environment), set before any client reads it: every stack of the run uses it.
useFixtureKey();
const t0 = Date.now();
const cpus = os.cpus();
report('machine', `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${o.quick ? 'quick' : 'full'} mode`);

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    report('time', `${name} took ${seconds(t)}`);
  }
}

/** The dev server: every section, then the baseline on the same PostgreSQL, and the ratios. */
async function devRun(opts: BenchOptions): Promise<void> {
  const stack = await timed('dev stack start', () => startBenchStack('dev', 1));
  report('stack', stack.name);
  try {
    if (opts.quick) {
      // A smoke test: the sections run side by side (each waits for whole minutes), so the
      // command is checked in minutes; its figures disturb one another and mean nothing.
      const [t1, , t3, , base] = await Promise.all([steadyState(stack, opts), ramp(stack, opts), burst(stack, opts), apiLoad(stack, opts), baseline(stack, opts)]);
      await footprint(stack);
      report('ratio', ratioLine('T1', t1.lateness, base.steady));
      report('ratio', ratioLine('T3', t3, base.burst));
      return;
    }
    const t1 = await timed('T1 + T6', () => steadyState(stack, opts));
    await timed('T4', () => footprint(stack));
    await timed('T2', () => ramp(stack, opts));
    const t3 = await timed('T3', () => burst(stack, opts));
    await timed('T5', () => apiLoad(stack, opts));
    const base = await timed('baseline', () => baseline(stack, opts));
    report('ratio', ratioLine('T1', t1.lateness, base.steady));
    report('ratio', ratioLine('T3', t3, base.burst));
  } finally {
    await stack.stop();
  }
}

/** T1 and T3 on another topology, with one worker and with two (`--workers=`), each on a fresh stack. */
async function topologyRun(name: string, opts: BenchOptions): Promise<void> {
  for (const workers of opts.workers) {
    const stack = await timed(`${name} stack start (${workers} worker)`, () => startBenchStack(name, workers));
    report('stack', stack.name);
    const tag = `${name}/${workers}w`;
    try {
      const steady = () => timed(`${tag} T1`, () => steadyState(stack, opts, `${tag} T1`));
      const once = () => timed(`${tag} T3`, () => burst(stack, opts, `${tag} T3`));
      // Quick mode runs the two side by side, as on the dev server.
      const [t1, t3] = opts.quick ? await Promise.all([steady(), once()]) : [await steady(), await once()];
      await footprint(stack, `${tag} T4`);
      report(tag, `${line('T1', t1.lateness)} · ${line('T3', t3)}`);
    } finally {
      await stack.stop();
    }
  }
}

for (const name of o.stacks) {
  if (name === 'dev') await devRun(o);
  else await topologyRun(name, o);
}
report('done', `whole run ${seconds(t0)}`);
verdict(o);
exitWithVerdictCode();
