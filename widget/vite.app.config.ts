/** Builds the chat app (widget/app, Preact) into dist/chat, served at /chat/ inside the iframe. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('app'),
  base: '/chat/',
  publicDir: false,
  // No @preact/preset-vite: it clashes with the React plugin over Babel; Oxc compiles the JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/chat'),
    emptyOutDir: true,
    target: 'es2019',
    assetsDir: 'assets',
    // One page per language, each with its own strings in its first download (the server's
    // /chat/frame sends the page of the frame's language); the code they share is one chunk.
    rolldownOptions: { input: { index: here('app/index.html'), fr: here('app/fr.html') } },
    modulePreload: { polyfill: false },
    // What the entry loads at once and what it loads later, read by scripts/bundle-sizes.ts
    // (dist/chat/.vite/manifest.json: the server serves only assets/ and the page).
    manifest: true,
  },
});
