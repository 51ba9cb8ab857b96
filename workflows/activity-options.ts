import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/*
 * How long each kind of activity may take and how it is retried, in one place.
 *
 * "What if this never succeeds?" Work that must happen (a database write, a lookup, a
 * send) is retried for as long as it takes: no attempt limit, so a database or provider
 * outage of any length delays a reminder but never fails a schedule. Backoff is capped
 * at 10 s, so the work resumes within 10 s of the dependency's return. A failure that
 * cannot get better by waiting (invalid data, a bad address) is non-retryable and comes
 * back at once (activities/database-failures.ts classifies database errors, applied to
 * every activity by temporal/activity-interceptor.ts; the delivery activities classify
 * their providers'); the workflow decides how to go on from it.
 *
 * A worker that dies mid-call: Temporal only retries an attempt once it has timed out.
 * Database calls are short, so their start-to-close is short (5 s; the worker's
 * PostgreSQL client gives up on a connection after 2 s and a statement after 4 s, see
 * createDataSource). A send's length depends on the providers (several push devices,
 * each up to 5 s), so it keeps a roomy start-to-close and heartbeats instead (the
 * worker's interceptor beats every second): a dead worker is noticed after 3 s.
 * Either way a restarted worker resumes interrupted work within about 6 s; a medication
 * reminder's first try (LOCAL_SEND_CALL) runs inside a workflow task and resumes when that
 * task times out, within about 10 s.
 */

const UNTIL_IT_WORKS = Object.freeze({ initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' } as const);

/** Reads and writes in PostgreSQL. */
export const DB_CALL = { startToCloseTimeout: '5 seconds', retry: UNTIL_IT_WORKS } satisfies ActivityOptions;

/**
 * A short call to PostgreSQL run as a local activity: the worker runs it inside the
 * workflow task that asks for it and records the result in that task's completion, so it
 * costs no activity task and no workflow task of its own. Same timeout and retries as
 * DB_CALL: backoff stays under the local retry threshold (1 minute), so the worker retries
 * it itself through an outage, keeping the workflow task alive meanwhile. A worker that
 * dies mid-read loses nothing: the workflow task times out and the read runs again.
 */
export const LOCAL_DB_CALL = DB_CALL satisfies LocalActivityOptions;

/**
 * One message to one person on one channel. A provider that keeps failing gives up the
 * channel from inside the activity (ChannelUnavailable, after PROVIDER_TRIES failures in
 * a row: about a minute of this backoff, longer only if the provider asks for a later
 * retry) so the person's next channel is tried; the database being down never uses up a channel.
 */
export const SEND_CALL = { startToCloseTimeout: '30 seconds', heartbeatTimeout: '3 seconds', retry: UNTIL_IT_WORKS } satisfies ActivityOptions;

/**
 * A medication reminder's first try, run inside the workflow task that asks for it (a
 * local activity): at 08:00 each due dose then costs one workflow task, where an activity
 * task and a second workflow task came after it. While it runs it holds that workflow
 * task and one of the worker's workflow-task slots, so it gets one short try: a provider
 * that is slow or down, or a database hiccup, makes it fail within 10 s, and the workflow
 * sends the reminder again as an activity task under SEND_CALL (reminders.ts), with the
 * same idempotency keys. A worker that dies mid-try lets that workflow task time out
 * (10 s) and the next worker tries again; sendOnce's crash window (attempts.ts) is the
 * same as for an activity task, and one more: a provider call still running when its try
 * times out can overlap the activity task's, so a provider that answers after 10 s may
 * deliver that reminder twice.
 */
export const LOCAL_SEND_CALL = { startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } } satisfies LocalActivityOptions;

/**
 * A live update to open pages: worth a few quick tries, and skipped (the workflow catches
 * it) when they fail, since the next page load shows the truth from the database.
 */
export const LIVE_CALL = {
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '2 seconds', maximumAttempts: 3 },
} satisfies ActivityOptions;

/**
 * A read that only guards a step the workflow takes anyway when it cannot read (paging the
 * backups): three tries, about 20 s at most through an outage, never an unbounded wait
 * before the step it guards.
 */
export const LOCAL_CHECK_CALL = { startToCloseTimeout: '5 seconds', retry: { ...UNTIL_IT_WORKS, maximumAttempts: 3 } } satisfies LocalActivityOptions;
