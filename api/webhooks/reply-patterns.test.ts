import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDoseReply } from './sms-dose-reply';
import { readAlertReply } from './sms-reply';
import { isShiftReply } from './sms-shift-reply';

test('alert, dose and shift reply words are recognised as before, whatever the spacing and case', { timeout: 5_000 }, () => {
  assert.deepEqual([...readAlertReply(' 4821 claim. ')!].slice(1), ['4821', 'claim']);
  assert.deepEqual([...readAlertReply('4821')!].slice(1), ['4821', undefined]);
  for (const text of ['48211', '4821 maybe', 'code 4821']) assert.equal(readAlertReply(text), null, text);
  for (const text of ['TAKEN', ' taken. ', 'Skip asleep', 'SKIP: refused\n', 'given', 'done!']) assert.ok(isDoseReply(text), text);
  for (const text of ['taker', 'skipping', '4821', 'a\nSKIP', 'SKIP x\ny']) assert.ok(!isDoseReply(text), text);
  for (const text of ['IN', ' in. ', 'In!', 'OUT', 'out: lunch given, all calm', 'OUT a\nsecond line ']) assert.ok(isShiftReply(text), text);
  for (const text of ['inside', 'in a minute', 'outside', 'I N']) assert.ok(!isShiftReply(text), text);
});

// A reply's tail once backtracked quadratically: 60,000 spaces held the event loop for 1.4–2 s,
// 150,000 for about 12 s a call. Matching runs synchronously, so the test's own timeout cannot
// stop it: the elapsed time is the only witness. The bound is a thousand times what linear
// matching takes, so only a return of the backtracking can reach it.
test('a hostile reply of 150,000 characters is classified at once, not after seconds of backtracking', { timeout: 120_000 }, () => {
  const padding = ' '.repeat(150_000);
  const started = performance.now();
  assert.ok(isDoseReply(`SKIP a${padding}x `));
  assert.ok(!isDoseReply(`SKIP a${padding}x\ny`));
  assert.ok(isShiftReply(`OUT a${padding}x `));
  assert.ok(!isShiftReply(`IN a${padding}x`));
  assert.equal(readAlertReply(`4821${padding}x`), null);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 3_000, `classified in ${Math.round(elapsed)} ms`);
});
