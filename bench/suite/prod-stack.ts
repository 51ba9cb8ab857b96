import type { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../../api/db/data-source';
import { connectClient } from '../../temporal/client';
import { startProductionStack } from '../../scripts/production/stack';
import { freePort } from '../../test/support/ports';
import { benchConfig, type BenchStack } from './stack';

/**
 * The production topology as a bench stack: Temporal server (built from source) on
 * PostgreSQL, two API replicas behind one port, `workers` worker processes. It uses the
 * run's payload key (PAYLOAD_KEYS, set by bench/run.ts) so this process can read its workflows.
 */
export async function startProdBenchStack(workers: 1 | 2): Promise<BenchStack> {
  const prod = await startProductionStack({ workers, apiReplicas: 2, env: { RATE_LIMIT_MULTIPLIER: '1000' } });
  const dataSource = await openDatabase(prod.databaseUrl, { migrate: false });
  const { connection, client }: { connection: Connection; client: Client } = await connectClient({ address: prod.temporalAddress, namespace: prod.namespace });
  // Temporal's two databases live on the same PostgreSQL server as the app's.
  const temporalDbBytes = async () =>
    Number(((await dataSource.query(`SELECT sum(pg_database_size(datname))::bigint AS n FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility')`)) as { n: string }[])[0]!.n);
  return {
    name: `production topology (Temporal server on PostgreSQL, 2 API replicas), ${workers} worker${workers > 1 ? 's' : ''}`,
    client,
    dataSource,
    // Only the baseline sends from this process, and it runs on the dev stack.
    config: benchConfig(prod.databaseUrl, prod.temporalAddress, prod.taskQueue, await freePort()),
    taskQueue: prod.taskQueue,
    apiUrl: prod.apiUrl,
    workerPids: () => prod.workers.map((w) => w.pid),
    temporalDbBytes,
    temporalDbBytesAtStart: await temporalDbBytes(),
    async stop() {
      await connection.close();
      await dataSource.destroy();
      await prod.stop();
    },
  };
}
