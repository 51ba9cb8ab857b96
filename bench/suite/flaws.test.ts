import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flaw, verdict } from './flaws';

test('a set-up flaw fails a full run but not a quick one; a delivery flaw fails both', { timeout: 10_000 }, (t) => {
  const lines: string[] = [];
  t.mock.method(console, 'log', (l: string) => lines.push(l));
  const before = process.exitCode;
  try {
    verdict({ quick: false });
    assert.equal(process.exitCode, before);
    assert.match(lines.at(-1)!, /^\[verdict\] valid/);

    flaw('T3', '5/2000 workflows had not scheduled their dose', 'set-up');
    assert.match(lines.at(-1)!, /^\[T3\] NOT VALID \(set-up\): 5\/2000/);
    verdict({ quick: true });
    assert.equal(process.exitCode, before);
    verdict({ quick: false });
    assert.equal(process.exitCode, 1);
    assert.match(lines.at(-1)!, /^\[verdict\] NOT VALID: \[T3\] 5\/2000/);

    process.exitCode = before;
    flaw('T1', '3 of 100 doses not reminded', 'delivery');
    verdict({ quick: true });
    assert.equal(process.exitCode, 1);
    assert.match(lines.at(-1)!, /\[T1\] 3 of 100 doses not reminded/);
    assert.doesNotMatch(lines.at(-1)!, /\[T3\]/);
  } finally {
    process.exitCode = before;
  }
});
