import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ApiSession } from './http';

/** The tests' answer helper against a server that answers 503 a given number of times first. */
describe('ApiSession.answer', () => {
  let unavailableFor = 0;
  const keys: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    keys.push(req.headers['idempotency-key'] as string | undefined);
    const status = keys.length <= unavailableFor ? 503 : 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ try: keys.length }));
  });
  let session: ApiSession;
  before(async () => {
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    session = new ApiSession(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(() => new Promise<void>((closed) => server.close(() => closed())));

  test('a 503 is sent again under the same key; the first other answer is returned', { timeout: 10_000 }, async () => {
    [unavailableFor, keys.length] = [2, 0];
    const res = await session.answer('/acknowledge');
    assert.deepEqual([res.status, res.body], [200, { try: 3 }]);
    assert.equal(new Set(keys).size, 1);
    assert.match(keys[0]!, /^[A-Za-z0-9_.:-]{8,100}$/);
  });

  test('three 503s in a row: the third is returned, nothing sent a fourth time', { timeout: 10_000 }, async () => {
    [unavailableFor, keys.length] = [5, 0];
    assert.equal((await session.answer('/acknowledge')).status, 503);
    assert.equal(keys.length, 3);
  });

  test('each answer has its own key', { timeout: 10_000 }, async () => {
    [unavailableFor, keys.length] = [0, 0];
    await session.answer('/acknowledge');
    await session.answer('/acknowledge');
    assert.notEqual(keys[0], keys[1]);
  });
});
