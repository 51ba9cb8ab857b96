import type { Logger as TypeOrmLogger } from 'typeorm';
import { consoleLogger, loggableError } from '../log';

type Sink = { error(message: string, fields?: Record<string, unknown>): void };

/**
 * TypeORM's own loggers print a failed query's parameters: a medication's name and dose,
 * a resolve note, a schedule. This one logs the SQL text (placeholders, no values) and
 * the error by its SQLSTATE, never a parameter, so logs hold ids and codes only.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  constructor(private readonly sink: Sink = consoleLogger('db')) {}

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.sink.error('query failed', {
      query: query.replace(/\s+/g, ' ').slice(0, 500),
      parameterCount: parameters?.length ?? 0,
      ...(typeof error === 'string' ? { message: error.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') } : loggableError(error)),
    });
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.sink.error('typeorm warning', { message: String(message).slice(0, 500) });
  }
}
