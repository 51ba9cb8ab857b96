import type { z } from 'zod';
import { ErrorBody, type ErrorCode, type FieldIssue } from './contracts';
import { t } from '../i18n';
import { inReaderLanguage } from './apiWords';
import { noteAnswerAge } from '../offline/connectivity';

/** A failed call, carrying the API's stable error code so pages can react to it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** For `validation_failed`: which field is wrong and why; empty for every other error. */
  get fieldIssues(): FieldIssue[] {
    if (this.code !== 'validation_failed' || !Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue =>
        typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let onSessionLost: (() => void) | null = null;
/** Called when a request that needed a session got 401: the session expired or was revoked. */
export function setSessionLostHandler(handler: () => void) {
  onSessionLost = handler;
}
// These answer 401 as part of their normal job; it does not mean a session was lost.
const SESSIONLESS = new Set(['/api/auth/me', '/api/auth/login', '/api/auth/signup']);

interface Options<S extends z.ZodType | undefined> {
  body?: unknown;
  /** The contract schema of the success body; omitted for 204 answers. */
  schema?: S;
  /**
   * One key per user action (see `newActionKey`). The call is then safe to repeat, so a
   * lost connection or a 503 is retried here with the same key: the server answers a
   * repeat with the first answer's result, never "already answered".
   */
  idempotencyKey?: string;
}

/** A fresh key for one tap of "Taken", "I've got it"…; reuse it for every retry of that tap. */
// getRandomValues, unlike randomUUID, also exists on plain-HTTP pages (a LAN install).
export const newActionKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

// Short, because a caregiver is waiting: after these the error is shown and they may tap again.
const RETRY_DELAYS_MS = [500, 1500];

type Result<S> = S extends z.ZodType ? z.output<S> : void;

/**
 * Calls the API on this origin with the session cookie. The success body is parsed with
 * its contract schema, so a drifted API fails loudly here rather than deep in a page.
 */
export async function request<S extends z.ZodType | undefined = undefined>(
  method: Method,
  path: string,
  options: Options<S> = {},
): Promise<Result<S>> {
  const headers: Record<string, string> = { Accept: 'application/json' };

  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const send = () =>
    fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  let response: Response | undefined;
  for (let attempt = 0; ; attempt++) {
    response = await send().catch(() => undefined);
    const retriable = !response || response.status === 503;
    if (!retriable || !options.idempotencyKey || attempt >= RETRY_DELAYS_MS.length) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
  }
  if (!response) throw new ApiError(0, 'unavailable', t.value.common.errors.unreachable);
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'unauthenticated' && !SESSIONLESS.has(path)) onSessionLost?.();
    throw error;
  }
  // Offline, the service worker answers some reads with its last saved copy and says when it was saved.
  if (method === 'GET') noteAnswerAge(path, response.headers.get('X-CareCircle-Saved-At'));
  if (!options.schema) return undefined as Result<S>;
  const parsed = options.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    console.error(`Unexpected response from ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, 'internal', t.value.common.errors.notUnderstood);
  }
  return parsed.data as Result<S>;
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = ErrorBody.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    const issues = Array.isArray(details)
      ? details.map((d: unknown) => (typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string' ? { ...d, message: inReaderLanguage((d as { message: string }).message) } : d))
      : details;
    return new ApiError(response.status, code, inReaderLanguage(message, details), issues);

  }
  // A proxy or a crashed server answered instead of the API's error middleware.
  const code: ErrorCode = response.status >= 500 ? 'unavailable' : 'internal';
  return new ApiError(response.status, code, t.value.common.errors.serverAnswered(response.status));

}

/** Encodes one path segment; ids are uuids, tokens are opaque strings. */
export const seg = (value: string) => encodeURIComponent(value);
