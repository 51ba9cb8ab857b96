/**
 * T5 alone (figures only, never a test): `npm run bench:api`. The API section of
 * `npm run bench` on a fresh dev stack with nothing else open, so a change to the API's
 * hot paths is measured in under two minutes, with the CPU each create and each answer
 * cost: the worker, the Temporal dev server and PostgreSQL (process trees, from /proc),
 * and this process, which holds the API and the client that loads it.
 *
 *   npm run bench:api                      # 600 creates at 20/s, then 600 answers at 50/s
 *   BENCH_API_SECONDS=10 BENCH_API_ROUNDS=3 npm run bench:api
 *
 * The full bench runs the same section after T1 to T3, with their schedules still open.
 */
import { apiLoad, type PhaseMeter } from './suite/api-load';
import { report, seconds } from './suite/figures';
import { parseOptions } from './suite/options';
import { cpuSnapshot, devStackProcesses } from './suite/process-cpu';
import { startDevBenchStack } from './suite/stack';
import { useFixtureKey } from '../temporal/codec/fixture-keys';

useFixtureKey();
const t0 = Date.now();
const stack = await startDevBenchStack(1);
const roles = devStackProcesses(stack);
const cpu = () => {
  const self = process.cpuUsage();
  return { ...cpuSnapshot(roles), 'API + client': (self.user + self.system) / 1000 };
};

const meter: PhaseMeter = {
  async around(phase, calls, fn) {
    const before = cpu();
    const result = await fn();
    const after = cpu();
    const parts = Object.entries(after).map(([role, ms]) => [role, (ms - before[role as keyof typeof before]) / calls] as const);
    const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
    report('T5', `CPU per ${phase}: ${total.toFixed(1)} ms (${parts.map(([role, ms]) => `${role} ${ms.toFixed(1)}`).join(', ')})`);
    return result;
  },
};

try {
  const options = parseOptions(process.argv.slice(2));
  const rounds = Number(process.env.BENCH_API_ROUNDS ?? 1);
  for (let round = 1; round <= rounds; round++) {
    report('round', `${round} of ${rounds}`);
    await apiLoad(stack, options, meter);
  }
} finally {
  await stack.stop();
}
report('done', `whole run ${seconds(t0)}`);
