import { testFileName } from './test-file-names.mjs';

const SHOWN = 15;

/**
 * A node:test reporter, beside spec: once the run ends it lists the test files whose tests took
 * longest, so the suite's wall time (what CI pays) can be traced to its files. A file's time is
 * the sum of its top-level tests' durations (hooks included, module loading not); files run
 * several at a time, so the sum over all files is a multiple of the wall time. Plain
 * JavaScript: the test runner loads reporters before tsx is registered (its types:
 * file-times-reporter.d.mts).
 */
export default async function* fileTimes(source) {
  const perFile = new Map();
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) continue;
    perFile.set(event.data.file, (perFile.get(event.data.file) ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  if (perFile.size < 2) return;
  const total = [...perFile.values()].reduce((a, b) => a + b, 0);
  const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SHOWN);
  const lines = slowest.map(([file, ms]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${testFileName(file)}`);
  yield `\n── the ${slowest.length} slowest of ${perFile.size} test files (their tests' time; ${(total / 1000).toFixed(0)} s over all files) ──\n${lines.join('\n')}\n`;
}
