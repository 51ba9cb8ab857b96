import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

/**
 * Activities run in the worker: they may use the database, the event publisher and shared
 * contracts, never an API route module or the Temporal client module (which imports the
 * workflows, and so would close a cycle worker → activities → client → workflows).
 * Type-only imports are erased at build time and do not count.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const FORBIDDEN_FOR_ACTIVITIES = [/^api\/.*routes?\.ts$/, /^api\/.*-routes?\.ts$/, /^temporal\/client\.ts$/, /^api\/(app|server|main)\.ts$/];

function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specs: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const named = node.importClause?.namedBindings;
      const allTypes = named && ts.isNamedImports(named) && !node.importClause?.name && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!allTypes) specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) specs.push((node.moduleSpecifier as ts.StringLiteral).text);
  }
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .map((base) => [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f)) ?? base);
}

/** Every project file `entry` loads at run time, with one import path that reaches it. */
function reachable(entry: string): Map<string, string[]> {
  const via = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const dep of runtimeImports(path.join(ROOT, file))) {
      const rel = path.relative(ROOT, dep);
      if (!via.has(rel)) {
        via.set(rel, [...via.get(file)!, rel]);
        queue.push(rel);
      }
    }
  }
  return via;
}

test('activities reach no API route module and not the Temporal client module', { timeout: 30_000 }, () => {
  const files = reachable('activities/index.ts');
  assert.ok(files.size > 20, 'the walk found the activities');
  const offending = [...files].filter(([f]) => FORBIDDEN_FOR_ACTIVITIES.some((re) => re.test(f))).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(offending, []);
});

test('workflow code reaches no API module but shared contracts', { timeout: 30_000 }, () => {
  const files = [...reachable('workflows/index.ts').entries()];
  const offending = files.filter(([f]) => f.startsWith('api/') && !f.startsWith('api/contracts/')).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(offending, []);
});
