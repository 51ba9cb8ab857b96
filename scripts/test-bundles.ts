/**
 * The suite's test files built to JavaScript once per run, so each file's process loads plain
 * modules instead of compiling TypeScript through tsx's loader thread. Measured on 2026-12-03:
 * loading the API test helper took 2.5 to 2.9 s and 4.4 to 4.8 CPU-s through tsx, 1.2 to 1.5 s
 * and 1.8 to 2.1 CPU-s built, and most test files load it or as much.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { makeSweptScratchDir } from './scratch-dirs';

/**
 * Code that finds files beside its own source (fixtures, the project root) keeps finding them:
 * `import.meta` in each module means the TypeScript file it was built from.
 */
function sourceLocations(source: string, file: string): string {
  const values = { dirname: path.dirname(file), filename: file, url: pathToFileURL(file).href };
  // A pattern, not the words themselves: this file is built too, and must keep its own.
  return source.replace(/\bimport\.meta\.(dirname|filename|url)\b/g, (_, key: keyof typeof values) => JSON.stringify(values[key]));
}

/**
 * Packages stay in node_modules, loaded as Node loads them. A deep import without its extension
 * (`@temporalio/common/lib/time`), which Node's ESM loader refuses, is named by its file.
 */
function packagePath(specifier: string, importer: string): esbuild.OnResolveResult {
  if (specifier.startsWith('node:')) return { path: specifier, external: true };
  const subpath = /^(?:@[^/]+\/)?[^/]+(\/.+)?$/.exec(specifier)?.[1];
  if (!subpath || /\.(?:[cm]?js|json)$/.test(subpath)) return { path: specifier, external: true };
  return { path: createRequire(importer).resolve(specifier), external: true };
}

const keepSourcePaths: esbuild.Plugin = {
  name: 'keep-source-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({ contents: sourceLocations(await fs.promises.readFile(args.path, 'utf8'), args.path), loader: 'ts' }));
    build.onResolve({ filter: /^[@a-z]/ }, (args) => packagePath(args.path, args.importer));
  },
};

/**
 * A new folder for a build, inside the project's node_modules: the built files import packages
 * by name, and Node finds them by walking up from the importing file.
 */
export function makeBuildDir(root: string, log: (line: string) => void = () => {}): string {
  return makeSweptScratchDir('carecircle-tests-', { base: path.join(root, 'node_modules', '.cache'), log });
}

/**
 * Builds `files` (relative to `root`) into `outDir` (made by makeBuildDir), each at its own
 * relative path with `.mjs` for `.ts`; code they share goes into chunks. Source maps let a
 * failure's stack name the TypeScript lines. Returns the built files, in the order given.
 */
export async function buildTestFiles(root: string, files: string[], outDir: string): Promise<string[]> {
  await esbuild.build({
    entryPoints: files.map((f) => ({ in: path.join(root, f), out: f.replace(/\.ts$/, '') })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    plugins: [keepSourcePaths],
    logLevel: 'silent',
  });
  return files.map((f) => path.join(outDir, f.replace(/\.ts$/, '.mjs')));
}
