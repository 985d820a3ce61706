/** Builds the chat app (widget/app, Preact) into dist/chat, served at /chat/ inside the iframe. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * What both pages load at once, as one chunk: the app, its libraries, the shared helpers and the
 * bundler's runtime; not the pages' entries, their strings, nor the parts loaded later (among
 * them Engine.IO's client, for the pages whose WebSockets are blocked).
 */
const LATER =
  /(start-en|start-fr|chat-en|chat-fr)\.ts$|(ClosedView|LeaveMessageForm|EndedNotice|Survey|PrivacyDialog|WaitingHelp|IdleWarning)\.(tsx|css)$|self-service-match\.ts$|hours-format\.ts$|polling-engine\.ts$|node_modules[\\/](engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]/;
const shared = (id: string): boolean =>
  /node_modules|[\\/](protocol|delivery|widget[\\/]app|widget[\\/]i18n[\\/]format)|rolldown[\\/]runtime/.test(id) && !LATER.test(id) && !id.endsWith('.html');

export default defineConfig({
  root: here('app'),
  base: '/chat/',
  publicDir: false,
  // No @preact/preset-vite: it clashes with the React plugin over Babel; Oxc compiles the JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/chat'),
    emptyOutDir: true,
    // As the loader: browsers a few years old (ES2020 keeps `?.` and `??` as written, smaller).
    target: 'es2020',
    assetsDir: 'assets',
    // One page per language, each with its own strings in its first download (the server's
    // /chat/frame sends the page of the frame's language); the code they share is one chunk.
    rolldownOptions: {
      input: { index: here('app/index.html'), fr: here('app/fr.html') },
      output: {
        // Few requests: on a slow connection each costs a round trip. A page loads its entry, its
        // strings and one chunk of everything the two pages share (small helpers and the runtime
        // too, which would otherwise be chunks of their own); the lazy parts stay apart.
        codeSplitting: { groups: [{ name: 'chat', test: shared }] },
      },
    },
    modulePreload: { polyfill: false },
    // What the entry loads at once and what it loads later, read by scripts/bundle-sizes.ts
    // (dist/chat/.vite/manifest.json: the server serves only assets/ and the page).
    manifest: true,
  },
});
