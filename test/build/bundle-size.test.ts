/** The browser bundles stay within the budgets the issues set (measured on the real build). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, listFiles } from '../../scripts/build-lib.js';
import { BUDGETS, initialFiles, measureBundles, readChatManifest } from '../../scripts/bundle-sizes.js';

describe('bundle budgets', () => {
  it('keeps the loader under 2 KB, the citizen’s first download and the whole chat app within theirs, gzipped', async () => {
    const sizes = await measureBundles();
    expect(sizes.loader).toBeGreaterThan(500);
    expect(sizes.loader).toBeLessThanOrEqual(BUDGETS.loaderGzipBytes);
    expect(sizes.citizenTotal).toBeLessThanOrEqual(BUDGETS.citizenTotalGzipBytes);
    expect(sizes.chatApp).toBeLessThanOrEqual(BUDGETS.chatAppGzipBytes);
    // Each language's page is measured, and what comes later is measured apart.
    expect(Object.keys(sizes.chatInitialByPage).sort()).toEqual(['fr.html', 'index.html']);
    expect(sizes.lazyTotal).toBeGreaterThan(0);
  });

  it('leaves the later parts and the other language out of each page’s first download', async () => {
    const manifest = await readChatManifest();
    const firstDownload = async (page: string) =>
      (await Promise.all(initialFiles(manifest, page).map((file) => readFile(join(DIST, 'chat', file), 'utf8')))).join('\n');
    const english = await firstDownload('index.html');
    const french = await firstDownload('fr.html');
    // Each page carries its own strings, not the other language's.
    expect(english).toContain('Start chat');
    expect(english).not.toContain('Commencer le clavardage');
    expect(french).toContain('Commencer le clavardage');
    expect(french).not.toContain('Start chat');
    // The survey (after the chat) and the privacy dialog (from the header) come later, and so does
    // Engine.IO's long-polling client (only where WebSockets are blocked).
    for (const code of [english, french]) {
      expect(code).not.toContain('survey-heading');
      expect(code).not.toContain('privacy-title');
      expect(code).not.toContain('xhr poll error');
    }
    const lazy = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry === true).map((chunk) => chunk.file);
    expect(lazy.some((file) => file.includes('EndedNotice'))).toBe(true);
    expect(lazy.some((file) => file.includes('ClosedView'))).toBe(true);
    expect(lazy.some((file) => file.includes('PrivacyDialog'))).toBe(true);
    expect(lazy.some((file) => file.includes('polling-engine'))).toBe(true);
    // Not needed before typing: the help while waiting and the inactivity warning, fetched when a chat starts.
    expect(lazy.some((file) => file.includes('WaitingHelp'))).toBe(true);
    expect(lazy.some((file) => file.includes('IdleWarning'))).toBe(true);
  });

  it('ships production builds, without development code or the schema library', async () => {
    const scripts = (await listFiles(DIST)).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const file of scripts) {
      const code = await readFile(file, 'utf8');
      expect(code, file).not.toContain('react-devtools');
      expect(code, file).not.toContain('ZodError');
    }
  });
});
