import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DeliveryRequest } from '../../activities/escalation/types';
import { dataConverter } from '../../temporal/data-converter';
import { workflowCodeOptions } from '../../temporal/worker';
import { startTimeSkipping } from '../../test/support/temporal';
import type { DeliveryActivities } from './notify-person';
import type { notifyPersonForTest } from './notify-person.fixture';

const HOUR = 3_600_000;
const taskQueue = 'notify-person-test';

describe('notifyPerson: quiet hours (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const sent: (DeliveryRequest & { atMs: number })[] = [];

  before(async () => {
    env = await startTimeSkipping();
    const activities: DeliveryActivities = {
      async planContacts() {
        throw new Error('not used');
      },
      async deliver(req) {
        sent.push({ ...req, atMs: await env.currentTimeMs() });
        return { status: 'sent', provider: 'fake', providerMessageId: null };
      },
    };
    worker = await Worker.create({
      ...workflowCodeOptions,
      workflowsPath: path.join(import.meta.dirname, 'notify-person.fixture.ts'),
      connection: env.nativeConnection,
      taskQueue,
      activities,
      dataConverter,
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function notify(urgency: DeliveryRequest['urgency'], quietForMs: number) {
    const startedAt = await env.currentTimeMs();
    const userId = randomUUID();
    const plan = { userId, channels: ['sms' as const], quietUntil: new Date(startedAt + quietForMs).toISOString() };
    const results = await env.client.workflow.execute<typeof notifyPersonForTest>('notifyPersonForTest', {
      taskQueue,
      workflowId: `notify-person-test/${userId}`,
      args: [plan, urgency],
    });
    const send = sent.find((s) => s.userId === userId)!;
    return { results, delayMs: send.atMs - startedAt };
  }

  test('a routine reminder during 8 h of quiet hours waits until they end', async () => {
    const { results, delayMs } = await notify('routine', 8 * HOUR);
    assert.deepEqual(results, [{ channel: 'sms', ok: true }]);
    assert.ok(delayMs >= 8 * HOUR && delayMs < 8 * HOUR + 2_000, `sent ${(delayMs / HOUR).toFixed(3)} h later`);
  });

  test('an urgent escalation breaks through quiet hours', async () => {
    const { delayMs } = await notify('urgent', 8 * HOUR);
    assert.ok(delayMs < 2_000, `sent ${delayMs} ms later`);
  });

  test('an emergency breaks through quiet hours', async () => {
    const { delayMs } = await notify('emergency', 8 * HOUR);
    assert.ok(delayMs < 2_000, `sent ${delayMs} ms later`);
  });
});
