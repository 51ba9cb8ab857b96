import type { ErrorCode, FieldIssue } from '../contracts/common';

/**
 * An error whose code and message are safe to show the caller. Anything that is not an
 * AppError is answered as a generic 500 and only logged.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * Why a workflow said no, as a stable code (the workflow's failure type, or a name for "not
 * open yet") plus the values its sentence needs: the app says it in the reader's language,
 * while `message` stays the API's English for logs, scripts and older apps.
 */
export interface Refusal {
  reason: string;
  [value: string]: string;
}

export const badRequest = (message: string, details?: FieldIssue[]) =>
  new AppError(400, 'validation_failed', message, details);
export const unauthenticated = (message = 'Log in to continue.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You do not have permission to do that.', details?: Refusal) => new AppError(403, 'forbidden', message, details);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, details?: Refusal) => new AppError(409, 'conflict', message, details);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', message, { retryAfterSeconds });
