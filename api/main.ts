/**
 * The API process on its own, as each API replica runs in production (docker-compose `api`).
 * Needs DATABASE_URL and TEMPORAL_ADDRESS; migrations run under an advisory lock.
 */
import { ConfigError, loadConfig, requirePayloadKeys } from './config';
import { openDatabase } from './db/data-source';
import { consoleLogger } from './log';
import { MetricsPortInUseError } from './metrics/server';
import { startApiServer } from './server';
import { connectClient } from '../temporal/client';

const log = consoleLogger('api');

async function main() {
  const config = loadConfig();
  requirePayloadKeys();
  if (config.database.mode !== 'external' || config.temporal.mode !== 'external') {
    throw new ConfigError('The API process alone needs DATABASE_URL and TEMPORAL_ADDRESS; use `npm start` for the embedded stack.');
  }
  const dataSource = await openDatabase(config.database.url);
  const { connection, client } = await connectClient({ address: config.temporal.address, namespace: config.temporal.namespace });
  const api = await startApiServer(
    { config, dataSource, temporal: { client, taskQueue: config.temporal.taskQueue }, log },
    { host: config.host, port: config.port, databaseUrl: config.database.url, metrics: { host: config.metrics.host, port: config.metrics.apiPort } },
  );
  log.info(`API listening on ${api.url} (metrics on ${api.metricsUrl})`);
  const stop = async () => {
    await api.close();
    await connection.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  log.error(err instanceof ConfigError || err instanceof MetricsPortInUseError ? err.message : String((err as Error)?.stack ?? err));
  process.exit(1);
});
