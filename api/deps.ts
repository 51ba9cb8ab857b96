import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './http/error-middleware';

/** What route handlers may use; tests build it with a test database and a test Temporal server. */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  temporal: { client: Client; taskQueue: string };
  log: Logger;
}
