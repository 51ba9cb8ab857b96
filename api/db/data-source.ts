import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { QueryErrorLogger } from './query-logger';

/** The one TypeORM data source. Schema changes go through migrations only (synchronize is off). */
export interface DataSourceOptions {
  poolSize?: number;
  /** Give up on a connection / a statement after this long (pg's connectionTimeoutMillis; statement_timeout and query_timeout). */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  logger?: QueryErrorLogger;
}

export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const timeouts = {
    // An unreachable database must fail a request in seconds (answered 503), not hang it.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    ...(options.queryTimeoutMs ? { statement_timeout: options.queryTimeoutMs, query_timeout: options.queryTimeoutMs + 500 } : {}),
  };
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    logger: options.logger ?? new QueryErrorLogger(),
    extra: { max: options.poolSize ?? 10, ...timeouts },
  });
}

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK = 7_233_001;

/**
 * Connects and applies pending migrations. Several API replicas may start at once, so the
 * migrations run under a PostgreSQL advisory lock: one replica migrates, the others wait.
 */
export async function openDatabase(url: string, options: { migrate?: boolean } = {}): Promise<DataSource> {
  const ds = createDataSource(url);
  await ds.initialize();
  if (options.migrate === false) return ds;
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lock.release();
  }
  return ds;
}
