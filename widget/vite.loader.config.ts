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
    // Host pages are anyone's: target browsers a few years old, as government sites must.
    target: 'es2019',
    minify: true,
    lib: {
      entry: here('loader/loader.ts'),
      formats: ['iife'],
      name: 'GovChatLoader',
      fileName: () => 'widget.js',
    },
  },
});
