import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fileTimes from './file-times-reporter.mjs';

async function report(events: { type: string; data: object }[]): Promise<string> {
  async function* source() {
    yield* events;
  }
  let out = '';
  for await (const chunk of fileTimes(source())) out += chunk;
  return out;
}

const at = (file: string) => path.join(process.cwd(), file);

test("lists files by their top-level tests' time, slowest first; nested tests are not counted twice", { timeout: 5_000 }, async () => {
  const out = await report([
    { type: 'test:pass', data: { file: at('a.test.ts'), nesting: 0, details: { duration_ms: 2_000 } } },
    { type: 'test:pass', data: { file: at('a.test.ts'), nesting: 1, details: { duration_ms: 1_900 } } },
    { type: 'test:fail', data: { file: at('b.test.ts'), nesting: 0, details: { duration_ms: 5_000 } } },
    { type: 'test:pass', data: { file: at('a.test.ts'), nesting: 0, details: { duration_ms: 1_500 } } },
    { type: 'test:diagnostic', data: { file: at('b.test.ts'), nesting: 0 } },
  ]);
  assert.match(out, /the 2 slowest of 2 test files \(their tests' time; 9 s over all files\)/);
  const rows = out.trim().split('\n').slice(1);
  assert.deepEqual(rows, ['    5.0 s  b.test.ts', '    3.5 s  a.test.ts']);
});

test('a run of one file prints nothing', { timeout: 5_000 }, async () => {
  assert.equal(await report([{ type: 'test:pass', data: { file: at('a.test.ts'), nesting: 0, details: { duration_ms: 10 } } }]), '');
});
