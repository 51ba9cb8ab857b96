import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

/*
 * French puts a space before ; ? ! : » and after «. An ordinary space there lets a narrow phone
 * start a line with "?" or ":", so the catalogs use U+202F (narrow no-break) before ; ? ! and
 * U+00A0 before : and inside « ». Function values cannot be called without knowing their
 * arguments, so this reads every string and template piece in the French source files.
 */

const FRENCH_DIR = join(import.meta.dirname, 'fr');
const BAD = / [:;?!»]|« /;

/** Every string or template text piece in a TypeScript source, with its line number. */
function literalsOf(file: string, source: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      found.push({ line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, text: n.getText(sf) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('no French catalog text has an ordinary space before : ; ? ! » or after «', { timeout: 10_000 }, () => {
  const files = readdirSync(FRENCH_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(files.length >= 10, `expected the French area catalogs, found ${files.join(', ')}`);
  const offenders = files.flatMap((f) =>
    literalsOf(f, readFileSync(join(FRENCH_DIR, f), 'utf8'))
      .filter((l) => BAD.test(l.text))
      .map((l) => `fr/${f}:${l.line} ${l.text}`),
  );
  assert.deepEqual(offenders, []);
});

test('the scan sees template pieces and ignores code such as a ternary', { timeout: 5_000 }, () => {
  const texts = literalsOf('x.ts', 'const f = (n: number) => `${n} étape${n < 2 ? "" : "s"} : ok ?`;').map((l) => l.text);
  assert.deepEqual(texts, ['`${', '} étape${', '""', '"s"', '} : ok ?`']);
  assert.deepEqual(texts.filter((t) => BAD.test(t)), ['} : ok ?`'], 'only the text is caught, not the ternary');
});
