// `npm start`: install what is missing, build the SPA, then run the whole embedded stack.
import { checkNode, ensureDependencies, ensureWebBuild, runTypeScript } from './setup.mjs';

checkNode();
ensureDependencies();
ensureWebBuild();
await runTypeScript('scripts/start-app.ts');
