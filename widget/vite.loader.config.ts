/** Builds the loader (widget/loader) into dist/widget/widget.js: one small self-running script. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: false,
  build: {
    outDir: here('../dist/widget'),
    emptyOutDir: true,
    // Host pages are anyone's: target browsers a few years old, as government sites must (ES2020:
    // Chrome 80, Firefox 74, Safari 13.1, all from early 2020).
    target: 'es2020',
    minify: true,
    lib: {
      entry: here('loader/loader.ts'),
      formats: ['iife'],
      name: 'GovChatLoader',
      fileName: () => 'widget.js',
    },
  },
});
