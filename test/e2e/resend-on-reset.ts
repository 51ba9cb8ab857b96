import type { APIRequestContext } from 'playwright-core';

const METHODS = ['fetch', 'get', 'post', 'put', 'patch', 'delete', 'head'] as const;

type Send = (urlOrRequest: unknown, options?: Record<string, unknown>) => ReturnType<APIRequestContext['fetch']>;

/**
 * Makes a test's own API calls (`page.request.post(...)`) resend a request whose connection was
 * reset, as Chromium does for the pages' calls and Playwright's request context does not by
 * default. Under two suites at once, set-up calls failed twice with `read ECONNRESET` on a
 * kept-alive socket. Playwright resends on ECONNRESET only, after 250 ms, then 500 ms; any other
 * failure, and every answer the API gives, reaches the test unchanged. A call may set its own
 * `maxRetries`.
 */
export function resendOnReset(request: APIRequestContext, maxRetries = 2): void {
  const calls = request as unknown as Record<(typeof METHODS)[number], Send>;
  for (const method of METHODS) {
    const send = calls[method].bind(request);
    calls[method] = (urlOrRequest, options) => send(urlOrRequest, { maxRetries, ...options });
  }
}
