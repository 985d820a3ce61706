/** The browser bundles stay within the budgets the issues set (measured on the real build). */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DIST, listFiles } from '../../scripts/build-lib.js';
import { BUDGETS, measureBundles } from '../../scripts/bundle-sizes.js';

describe('bundle budgets', () => {
  it('keeps the loader under 3 KB and the chat app under 40 KB, gzipped', async () => {
    const sizes = await measureBundles();
    expect(sizes.loader).toBeGreaterThan(500);
    expect(sizes.loader).toBeLessThanOrEqual(BUDGETS.loaderGzipBytes);
    expect(sizes.chatApp).toBeLessThanOrEqual(BUDGETS.chatAppGzipBytes);
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
