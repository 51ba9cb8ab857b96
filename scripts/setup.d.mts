// Types for the parts of setup.mjs that TypeScript code calls (setup.mjs itself is plain Node: it runs before the dependencies exist).
export function ensureDependencies(): void;
export function missingPackages(): string[];
/** The Chromium the browser tests drive (CHROMIUM_PATH, or Debian's). */
export const CHROMIUM: string;
