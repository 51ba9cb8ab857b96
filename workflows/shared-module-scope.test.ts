import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { reachable } from '../test/support/imports';

const ROOT = path.resolve(import.meta.dirname, '..');
const MUTABLE_COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

/** Exports are deep-frozen by the SDK when the modules are shared. */
const exported = (statement: ts.VariableStatement) => (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** An array or object literal, seen through `as …`, `satisfies …` and parentheses (`Object.freeze(…)` is a call: not one). */
function isLiteral(node: ts.Expression): boolean {
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) return isLiteral(node.expression);
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node);
}

/**
 * What would be one workflow's state held where every workflow sees it: module-scope
 * `let`/`var`, module-scope Map/Set (Object.freeze does not stop their writes), arrays and
 * objects that are neither exported nor frozen, and static fields that are not readonly.
 */
function sharedStateIn(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      if (!(statement.declarationList.flags & ts.NodeFlags.Const)) found.push(`${at(statement)} module-scope let/var`);
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        const constructed = init && ts.isNewExpression(init) ? init.expression.getText(source) : undefined;
        if (constructed && MUTABLE_COLLECTIONS.has(constructed)) found.push(`${at(declaration)} module-scope ${constructed}`);
        if (init && !exported(statement) && isLiteral(init)) found.push(`${at(declaration)} module-scope array or object, neither exported nor frozen`);
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (ts.isPropertyDeclaration(member) && isStatic && !isReadonly) found.push(`${at(member)} static field that is not readonly`);
      }
    }
  }
  return found;
}

/**
 * The worker evaluates the workflow modules once and shares them between every workflow
 * in its cache (`preloadModules` in temporal/worker.ts, issue 12's T4). The SDK deep-freezes
 * what the modules export, so writing to an exported object or array throws; the kinds of
 * state checked here would instead leak silently from one family's workflow into another's,
 * so none may exist: a module-scope array or object that is not exported is frozen by hand.
 */
test('workflow modules keep no state at module scope (every workflow shares them)', { timeout: 30_000 }, () => {
  // The same files the bundle holds: every project module workflows/index.ts loads at run time.
  const files = [...reachable('workflows/index.ts').keys()];
  assert.ok(files.some((f) => f.startsWith('workflows/medication/')), `bundle lists no workflow modules: ${files.join(', ')}`);
  assert.deepEqual(files.flatMap(sharedStateIn), []);
});
