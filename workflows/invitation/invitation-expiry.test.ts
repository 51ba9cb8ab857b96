import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { signalInvitationAnswered, startInvitationExpiry } from '../../temporal/invitations';
import { CareState } from '../../temporal/search-attributes';
import { createWorker } from '../../temporal/worker';
import { startTimeSkipping } from '../../test/support/temporal';
import { invitationState } from './invitation-expiry';

const HOUR = 3_600_000;
const taskQueue = 'invitation-expiry-test';

describe('invitation expiry (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  /** What the fake activity saw: which invitation, and the server time of the call. */
  const expired: { invitationId: string; atMs: number }[] = [];

  before(async () => {
    env = await startTimeSkipping();
    const activities: Pick<Activities, 'expireInvitation'> = {
      async expireInvitation({ invitationId }) {
        expired.push({ invitationId, atMs: await env.currentTimeMs() });
        return { expired: true, status: 'expired' };
      },
    };
    worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities });
    running = worker.run();
  }, { timeout: 120_000 });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  }, { timeout: 120_000 });

  async function newInvitation(ttlMs: number) {
    const now = await env.currentTimeMs();
    return { invitationId: randomUUID(), familyId: randomUUID(), expiresAt: new Date(now + ttlMs).toISOString() };
  }

  test('nobody answers for 72 h → the invitation expires', { timeout: 60_000 }, async () => {
    const input = await newInvitation(72 * HOUR);
    const handle = await startInvitationExpiry(env.client, taskQueue, input);
    assert.equal(await handle.query(invitationState), 'pending');

    assert.equal(await handle.result(), 'expired');

    const calls = expired.filter((c) => c.invitationId === input.invitationId);
    assert.equal(calls.length, 1, 'expireInvitation runs exactly once');
    // The timer is measured from the workflow task's time, so it fires at expiresAt give or take that
    // task's latency: under 1 s alone, 1.1 s beside a second suite; a wrong timer is off by hours.
    const lateBy = calls[0]!.atMs - Date.parse(input.expiresAt);
    assert.ok(lateBy >= 0 && lateBy < 10_000, `expired ${lateBy} ms after expiresAt`);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(CareState), 'expired');
  });

  test('accepted after 10 h → no expiry', { timeout: 60_000 }, async () => {
    const input = await newInvitation(72 * HOUR);
    const handle = await startInvitationExpiry(env.client, taskQueue, input);

    await env.sleep(10 * HOUR);
    await signalInvitationAnswered(env.client, input.invitationId, 'accepted');

    assert.equal(await handle.result(), 'accepted');
    assert.deepEqual(expired.filter((c) => c.invitationId === input.invitationId), []);
    const described = await handle.describe();
    // Server times from the execution itself (the env clock may skip on after the result).
    const ranFor = described.closeTime!.getTime() - described.startTime.getTime();
    assert.ok(ranFor >= 10 * HOUR && ranFor < 11 * HOUR, `closed ${ranFor / HOUR} h after the start`);
    assert.equal(described.typedSearchAttributes.get(CareState), 'accepted');
  });

  test('started twice → one workflow', { timeout: 60_000 }, async () => {
    const input = await newInvitation(72 * HOUR);
    const first = await startInvitationExpiry(env.client, taskQueue, input);
    const second = await startInvitationExpiry(env.client, taskQueue, input);
    const firstRunId = (await first.describe()).runId;
    assert.equal(second.workflowId, first.workflowId);
    assert.equal((await second.describe()).runId, firstRunId);

    await signalInvitationAnswered(env.client, input.invitationId, 'declined');
    assert.equal(await first.result(), 'declined');

    // Once finished, starting again neither fails nor starts a second timer.
    const third = await startInvitationExpiry(env.client, taskQueue, input);
    assert.equal((await third.describe()).runId, firstRunId);
    // And a late answer to the finished workflow is silently ignored.
    await signalInvitationAnswered(env.client, input.invitationId, 'revoked');
  });
});
