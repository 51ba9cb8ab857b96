import type { Logger } from './http/error-middleware';

/** One line per entry on stderr; fields as JSON so a log shipper can parse them. */
export function consoleLogger(scope: string): Logger & { info(message: string, fields?: Record<string, unknown>): void } {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    console.error(`${new Date().toISOString()} ${level} [${scope}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    error: (m, f) => write('ERROR', m, f),
    info: (m, f) => write('INFO', m, f),
  };
}

/** PostgreSQL quotes the offending value in some messages (`invalid input syntax for type uuid: "…"`). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

interface DatabaseErrorLike {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  message?: unknown;
  driverError?: unknown;
}

/**
 * An error as it may be logged: health data (a medication's name, a note, a schedule) must
 * never reach the logs, and a database error can carry it in its message, its `detail`
 * (`Key (email)=(…)`), its `parameters` or the stack's first line. So a database error is
 * logged by its SQLSTATE and the names of what it is about; anything else by its stack
 * (code paths, no request data).
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as DatabaseErrorLike;
  const db = (e.driverError ?? (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e : undefined)) as DatabaseErrorLike | undefined;
  if (db) {
    const pick = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      sqlState: pick(db.code),
      constraint: pick(db.constraint),
      table: pick(db.table),
      column: pick(db.column),
      message: pick(db.message)?.replace(QUOTED, '"…"'),
    };
  }
  const stack = String((err as Error)?.stack ?? err);
  return { err: stack };
}
