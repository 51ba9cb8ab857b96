// `npm test`: install what is missing (npm packages, Chromium, the SPA build), then run every test.
import { checkNode, ensureChromium, ensureDependencies, ensureWebBuild, runTypeScript } from './setup.mjs';

checkNode();
ensureDependencies();
ensureChromium();
ensureWebBuild();
await runTypeScript('scripts/run-tests.ts');
