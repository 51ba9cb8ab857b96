// `npm run start:production`: like `npm start`, install what is missing first, then the production topology.
import { checkNode, ensureDependencies, ensureWebBuild, runTypeScript } from '../setup.mjs';

checkNode();
ensureDependencies();
ensureWebBuild();
await runTypeScript('scripts/production/start-production.ts');
