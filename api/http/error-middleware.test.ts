import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Router from '@koa/router';
import Koa from 'koa';
import { errorMiddleware } from './error-middleware';

test('an unhandled error is logged with the route template, never the secret in its path', { timeout: 10_000 }, async () => {
  const logged: Record<string, unknown>[] = [];
  const app = new Koa();
  app.use(errorMiddleware({ error: (_message, fields) => logged.push(fields ?? {}) }));
  const router = new Router();
  router.get('/calendar/:token.ics', () => {
    throw new Error('the database said no');
  });
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const secret = 'c2VjcmV0LWZlZWQtdG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr';
    const feed = await fetch(`http://127.0.0.1:${port}/calendar/${secret}.ics`);
    assert.equal(feed.status, 500);
    await fetch(`http://127.0.0.1:${port}/nowhere/${secret}`, { method: 'POST' });
    assert.equal(logged.length, 1, 'an unmatched path is a 404, not an error');
    assert.equal(logged[0]!.route, '/calendar/:token.ics');
    assert.doesNotMatch(JSON.stringify(logged), new RegExp(secret));
  } finally {
    server.close();
  }
});
