import type { APIRequestContext } from 'playwright-core';

/**
 * Makes a test's own API calls (`page.request.post(...)`) resend a request whose connection was
 * reset, as Chromium does for the pages' calls and Playwright's request context does not by
 * default. Under two suites at once, set-up calls failed twice with `read ECONNRESET` on a
 * kept-alive socket. Playwright resends on ECONNRESET only, after 250 ms, then 500 ms; any other
 * failure, and every answer the API gives, reaches the test unchanged. A call may set its own
 * `maxRetries`. Playwright has no such default for a context, and its `get`, `post` and the
 * other verbs all send through `fetch`, so `fetch` is the one method wrapped (the test calls
 * `post` and `get`).
 */
export function resendOnReset(request: APIRequestContext, maxRetries = 2): void {
  const fetch = request.fetch.bind(request);
  request.fetch = (urlOrRequest, options) => fetch(urlOrRequest, { maxRetries, ...options });
}
