// Builds the portal into functions/portal/site/app, which the Portal function embeds.
// `npm run dev` serves it on http://localhost:5173 and sends the API's paths to the local
// gateway (ICTGOV_API_URL, default http://127.0.0.1:3000), so the page and the API share
// one origin there too.
import { defineConfig } from 'vite';

const api = process.env.ICTGOV_API_URL || 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../functions/portal/site/app',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/v1': api, '/dev': api, '/portal.json': api },
  },
});
