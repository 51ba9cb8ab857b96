import { startProdBenchStack } from './prod-stack';
import { startDevBenchStack, type BenchStack } from './stack';

/** The stacks `--stacks=` can name: `dev` (dev server on SQLite) and `prod` (the production topology). */
export async function startBenchStack(name: string, workers: 1 | 2): Promise<BenchStack> {
  if (name === 'dev') return startDevBenchStack(workers);
  if (name === 'prod') return startProdBenchStack(workers);
  throw new Error(`unknown stack "${name}": use dev or prod`);
}
