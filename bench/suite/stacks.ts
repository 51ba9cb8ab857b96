import { startDevBenchStack, type BenchStack } from './stack';

/**
 * The stacks `--stacks=` can name. `prod` is the production topology (Temporal server on
 * PostgreSQL, API replicas, worker processes) from scripts/production/stack.ts.
 */
export async function startBenchStack(name: string, workers: 1 | 2): Promise<BenchStack> {
  if (name === 'dev') return startDevBenchStack(workers);
  throw new Error(`unknown stack "${name}": this tree has "dev" only (the production stack is not merged yet)`);
}
