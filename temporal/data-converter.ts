import type { DataConverter } from '@temporalio/common';

/**
 * The one data converter shared by every client and worker. Payloads, memo and
 * summaries pass through `payloadCodecs`: the encryption codec (a later issue) plugs
 * in here, and because client, worker and replay tests all import this object they
 * can never disagree about it (a worker that cannot decode what the API encoded
 * fails every task it picks up).
 */
export const dataConverter: DataConverter = {
  payloadCodecs: [],
};
