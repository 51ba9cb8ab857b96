import path from 'node:path';

/** Where the run's test files were built to JavaScript (scripts/test-bundles.ts), for the reports. */
export const TEST_BUILD_DIR_ENV = 'TEST_BUILD_DIR';

/**
 * A test file's name as the reports give it: relative to `cwd`, and a built file's is the
 * TypeScript file it came from. Plain JavaScript: the test runner loads reporters before tsx.
 */
export function testFileName(file, { buildDir = process.env[TEST_BUILD_DIR_ENV], cwd = process.cwd() } = {}) {
  const rel = buildDir ? path.relative(buildDir, file) : '..';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return path.relative(cwd, file);
  return rel.replace(/\.mjs$/, '.ts');
}
