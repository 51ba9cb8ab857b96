import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { startTestApp } from '../../test/support/app';

describe('/health and /ready', () => {
  test('with PostgreSQL, Temporal and a polling worker, /ready is 200 and names each dependency', async () => {
    const app = await startTestApp();
    try {
      assert.deepEqual(await (await fetch(`${app.baseUrl}/health`)).json(), { status: 'ok' });
      // The worker's first poll can lag its start by a moment; /ready must turn green on its own.
      let res = await fetch(`${app.baseUrl}/ready`);
      for (let i = 0; i < 50 && res.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        res = await fetch(`${app.baseUrl}/ready`);
      }
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.deepEqual(Object.keys(body.checks).sort(), ['database', 'temporal', 'worker']);
      assert.ok(Object.values(body.checks).every((c) => (c as { ok: boolean }).ok));
    } finally {
      await app.stop();
    }
  });

  test('with no worker on the task queue, /ready is 503 and says the worker is what is missing', async () => {
    const app = await startTestApp({ withWorker: false });
    try {
      const res = await fetch(`${app.baseUrl}/ready`);
      const body = await res.json();
      assert.equal(res.status, 503);
      assert.equal(body.checks.worker.ok, false);
      assert.match(body.checks.worker.detail, /no worker/);
      assert.equal(body.checks.database.ok, true);
      assert.equal(body.checks.temporal.ok, true);
    } finally {
      await app.stop();
    }
  });

  test('an API host clock 10 minutes off Temporal\'s does not make /ready report a polling worker missing', async () => {
    const app = await startTestApp();
    try {
      let res = await fetch(`${app.baseUrl}/ready`);
      for (let i = 0; i < 50 && res.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        res = await fetch(`${app.baseUrl}/ready`);
      }
      assert.equal(res.status, 200, 'ready before the skew');
      for (const skewMs of [10 * 60_000, -10 * 60_000]) {
        const realNow = Date.now.bind(Date);
        const skew = mock.method(Date, 'now', () => realNow() + skewMs);
        try {
          const skewed = await fetch(`${app.baseUrl}/ready`);
          const body = await skewed.json();
          assert.equal(skewed.status, 200, `${skewMs} ms: ${JSON.stringify(body)}`);
          assert.equal(body.checks.worker.ok, true);
        } finally {
          skew.mock.restore();
        }
      }
    } finally {
      await app.stop();
    }
  });
});
