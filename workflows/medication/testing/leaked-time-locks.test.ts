import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import { releaseLeakedTimeLocks } from './leaked-time-locks';
import type { TestServer } from './servers';

/*
 * The watcher against a fake server (no Temporal): one closed child whose parent run has
 * closed without recording it, i.e. a leaked lock. What the fake answers decides the rest.
 */
interface Fake {
  /** How the child's describe answers, call by call (after the list: the closed child). */
  childAnswers: (() => never)[];
  release: () => Promise<void>;
}

function fakeServer(fake: Fake): TestServer {
  const closedChild = { status: { name: 'COMPLETED' }, parentExecution: { workflowId: 'parent', runId: 'run-1' } };
  const handle = (workflowId: string) => ({
    describe: async () => {
      if (workflowId === 'parent') return { status: { name: 'CONTINUED_AS_NEW' } };
      const answer = fake.childAnswers.shift();
      return answer ? answer() : closedChild;
    },
    fetchHistory: async () => ({ events: [] }),
  });
  const client = { workflow: { getHandle: handle } };
  return {
    client,
    releaseTimeLock: fake.release,
    now: async () => 0,
    stop: async () => undefined,
  } as unknown as TestServer;
}

describe('releasing the time-skipping server\'s leaked locks', () => {
  test('a failed release is not retried: stop() rejects with it and nothing was counted as released', { timeout: 10_000 }, async () => {
    let calls = 0;
    let failed!: () => void;
    const failedOnce = new Promise<void>((resolve) => (failed = resolve));
    const server = fakeServer({
      childAnswers: [],
      release: async () => {
        calls += 1;
        failed();
        throw new Error('unlock refused');
      },
    });
    const clock = releaseLeakedTimeLocks(server, () => ['child']);
    await failedOnce;
    await assert.rejects(clock.stop(), /unlock refused/);
    assert.equal(calls, 1, 'one release asked, never again');
    assert.equal(clock.released, 0);
  });

  test('a child not started yet is looked up again, then its lock is released exactly once', { timeout: 10_000 }, async () => {
    const notFound = () => {
      throw new WorkflowNotFoundError('not yet', 'child', undefined);
    };
    let calls = 0;
    let releasedOnce!: () => void;
    const done = new Promise<void>((resolve) => (releasedOnce = resolve));
    const server = fakeServer({
      childAnswers: [notFound, notFound],
      release: async () => {
        calls += 1;
        releasedOnce();
      },
    });
    const clock = releaseLeakedTimeLocks(server, () => ['child']);
    await done;
    await clock.stop();
    assert.equal(calls, 1);
    assert.equal(clock.released, 1);
  });

  test('any other lookup failure stops the watcher and surfaces at stop()', { timeout: 10_000 }, async () => {
    let broke!: () => void;
    const broken = new Promise<void>((resolve) => (broke = resolve));
    const server = fakeServer({
      childAnswers: [
        () => {
          broke();
          throw new Error('connection reset');
        },
      ],
      release: async () => assert.fail('nothing to release after a failed lookup'),
    });
    const clock = releaseLeakedTimeLocks(server, () => ['child']);
    await broken;
    await assert.rejects(clock.stop(), /connection reset/);
  });
});
