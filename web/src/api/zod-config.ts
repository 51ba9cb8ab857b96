import { config } from 'zod';

// The page's CSP forbids eval. Zod probes `new Function` when it builds each object schema
// (for its JIT), which the browser reports as a violation, so the probe is switched off
// before any contract module runs: main.ts imports this file first.
config({ jitless: true });
