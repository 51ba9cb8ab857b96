import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from '@temporalio/worker';
import { ENCODING_ENCRYPTED } from '../temporal/codec/encryption-codec';
import { FIXTURE_KEYS_FILE } from '../temporal/codec/fixture-keys';
import { parsePayloadKeys, type PayloadKeyRing } from '../temporal/codec/payload-keys';
import { createDataConverter } from '../temporal/data-converter';
import { historyFromJson } from '../temporal/history-json';
import { workflowCode } from '../temporal/worker';
import { quietTemporalLogs } from '../test/support/temporal';
import * as workflows from './index';

/**
 * Every committed history (workflows/<kind>/histories/*.json, recorded by the
 * temporal/record-*histories.ts scripts) must replay on today's workflow code. A change
 * that would break workflows already running in production fails here, without a server.
 */
function findHistories(dir: string, name: string | RegExp = /\.json$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findHistories(full, name);
    const matches = typeof name === 'string' ? entry.name === name : name.test(entry.name);
    return path.basename(dir) === 'histories' && matches ? [full] : [];
  });
}

/**
 * Histories recorded with encryption decrypt with the test-only keys committed beside
 * them; histories recorded before it hold plain JSON payloads, which the codec passes through.
 */
function fixtureKeys(): PayloadKeyRing {
  const files = findHistories(import.meta.dirname, FIXTURE_KEYS_FILE);
  return parsePayloadKeys(files.map((f) => fs.readFileSync(f, 'utf8').trim()).join(','));
}

test('every recorded workflow history replays on the current workflow code', { timeout: 300_000 }, async () => {
  quietTemporalLogs();
  const files = findHistories(import.meta.dirname);
  const keys = fixtureKeys();
  const dataConverter = createDataConverter(() => keys);
  assert.ok(files.length >= 2, `expected the recorded histories, found ${files.length}`);

  const histories = files.map((file) => ({
    workflowId: path.relative(import.meta.dirname, file),
    history: historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8'))),
  }));
  // A workflow type without a single fixture would pass here unreplayed.
  const recorded = new Set(histories.map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
  assert.deepEqual(Object.keys(workflows).filter((type) => !recorded.has(type)), [], 'workflow types with no recorded history');
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ ...workflowCode(), dataConverter }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(replayed, files.length);
});

test('an encrypted history is committed (inputs in ciphertext) and replays only with its test key', { timeout: 240_000 }, async () => {
  quietTemporalLogs();
  const encrypted = findHistories(import.meta.dirname).filter((file) => fs.readFileSync(file, 'utf8').includes(Buffer.from(ENCODING_ENCRYPTED).toString('base64')));
  assert.ok(encrypted.length >= 1, 'no committed history was recorded with payload encryption');
  const file = encrypted[0]!;
  const history = historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8')));
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  assert.ok(input.length > 0);
  for (const payload of input) assert.equal(Buffer.from(payload.metadata!.encoding!).toString(), ENCODING_ENCRYPTED);

  const keys = fixtureKeys();
  const withKey = await Worker.runReplayHistory({ ...workflowCode(), dataConverter: createDataConverter(() => keys) }, history, file).then(
    () => null,
    (err: Error) => err,
  );
  assert.equal(withKey, null);
  // A ring without the fixture's key: the same history must fail, so the key above is what made it pass.
  const otherKeys = parsePayloadKeys(`other:${Buffer.alloc(32, 7).toString('base64')}`);
  await assert.rejects(Worker.runReplayHistory({ ...workflowCode(), dataConverter: createDataConverter(() => otherKeys) }, history, file));
});
