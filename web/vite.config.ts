import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';

const api = 'http://127.0.0.1:3000';

/** Lists every built file in /app-shell.json: the service worker (web/public/sw.js) caches them for offline use. */
function appShellList(): Plugin {
  return {
    name: 'carecircle-app-shell-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).map((name) => `/${name}`);
      this.emitFile({ type: 'asset', fileName: 'app-shell.json', source: JSON.stringify(files) });
    },
  };
}

// The SPA is served by the API in every real mode; this dev server only exists for
// hot reload, so it forwards everything that is not a page to the API on port 3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue(), appShellList()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Production serves no source maps: they would publish the app's full source and comments.
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/ws': { target: api, ws: true, changeOrigin: false },
      '/health': { target: api },
      '/ready': { target: api },
    },
  },
});
