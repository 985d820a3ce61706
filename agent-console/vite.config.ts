/** Builds the agent console into dist/console, served by the server at /console. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // JSX through Vite's own Oxc transform: @vitejs/plugin-react is not used (its Babel clashes here).
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Every browser the console supports preloads modules natively; the polyfill is dead weight.
    modulePreload: { polyfill: false },
  },
});
