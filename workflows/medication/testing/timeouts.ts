/**
 * How long a workflow test may take before it fails loudly instead of hanging the suite.
 * A scenario takes one to three seconds on an idle machine; these leave room for a
 * machine running two suites at once, and still end a wedged workflow within minutes.
 */
export const TEST_MS = 90_000;
/** Starting or stopping a test server and its worker (the webpack bundle takes the longest). */
export const SERVER_START_MS = 120_000;
/** A month of doses answered one by one. */
export const MONTH_TEST_MS = 300_000;
