import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two entries, built into web/dist: the console (`index.html`, served at `/`) and the self-hosted
 * GraphiQL (`graphiql.html`, served at GET /graphql for browsers), so GraphiQL's editor never
 * weighs on the console's first load. Hashed file names under `assets/` are served immutable.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // Chromium, Firefox and Safari of the last years: no polyfills, no legacy bundle.
    target: 'es2022',
    // The polyfill would be dead code in every browser we support.
    modulePreload: { polyfill: false },
    // Keep every asset a file: a `data:` URL for a script or a font would need a looser CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
    // GraphiQL (its own entry, never loaded by the console) is one ~800 kB chunk by design.
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      input: { console: here('./index.html'), graphiql: here('./graphiql.html') },
      // GraphiQL's dependencies mark modules "use client" (a React Server Components hint): meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
