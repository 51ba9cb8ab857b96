import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../temporal/data-converter';
import { historyFromJson } from '../temporal/history-json';
import { workflowCodeOptions } from '../temporal/worker';
import { quietTemporalLogs } from '../test/support/temporal';
import * as workflows from './index';

/**
 * Every committed history (workflows/<kind>/histories/*.json, recorded by the
 * temporal/record-*histories.ts scripts) must replay on today's workflow code. A change
 * that would break workflows already running in production fails here, without a server.
 */
function findHistories(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findHistories(full);
    return path.basename(dir) === 'histories' && entry.name.endsWith('.json') ? [full] : [];
  });
}

test('every recorded workflow history replays on the current workflow code', { timeout: 300_000 }, async () => {
  quietTemporalLogs();
  const files = findHistories(import.meta.dirname);
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
  for await (const result of Worker.runReplayHistories({ ...workflowCodeOptions, dataConverter }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(replayed, files.length);
});
