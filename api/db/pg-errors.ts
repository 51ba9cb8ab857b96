/**
 * How the API and the activities tell PostgreSQL errors apart, in one place. SQLSTATE
 * classes (PostgreSQL docs, Appendix A). pg errors carry `code`; TypeORM's
 * QueryFailedError copies it and keeps the original as `driverError`.
 */

/** The SQLSTATE of a pg error or of TypeORM's QueryFailedError, if it has one. */
export function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * 22 "data exception" (22021 a NUL byte, 22P02 invalid text representation, 22001 value too
 * long) and 23 "integrity constraint violation" (a check, a foreign key to a deleted row) are
 * about the data itself: the same statement with the same data fails the same way forever.
 */
export function isDataRefusal(code: string): boolean {
  return code.startsWith('22') || code.startsWith('23');
}

/**
 * The database cannot serve now but may shortly: 08xxx connection exceptions, 57P01-57P03
 * the server is shutting down or starting, 57014 a statement cancelled by statement_timeout
 * (the API's query timeout: the database did not answer in time).
 */
export function isDatabaseUnavailable(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '57014';
}

/** node-postgres words these without a code (a dropped connection, a pool or read timeout). */
export const UNCODED_CONNECTION_FAILURE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/;
