// `npm run bench` and the other TypeScript commands: install what is missing first, as `npm start`
// and `npm test` do, so each one also works as the first command on a fresh clone.
// Usage: node scripts/run-ts.mjs <file.ts> [arguments for it]
import path from 'node:path';
import { ROOT, checkNode, ensureDependencies, ensureWebBuild, runTypeScript } from './setup.mjs';

const [file, ...args] = process.argv.slice(2);
if (!file?.endsWith('.ts')) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [arguments]');
  process.exit(2);
}
checkNode();
ensureDependencies();
// The benches run the real API, which serves the SPA.
ensureWebBuild();
// The module reads its arguments, and whether it is the entry point, as if started directly.
process.argv = [process.argv[0], path.resolve(ROOT, file), ...args];
await runTypeScript(file);
