/** The browser bundles stay within the budgets the issues set (measured on the real build). */
import { describe, expect, it } from 'vitest';
import { BUDGETS, measureBundles } from '../../scripts/bundle-sizes.js';

describe('bundle budgets', () => {
  it('keeps the loader under 3 KB and the chat app under 40 KB, gzipped', async () => {
    const sizes = await measureBundles();
    expect(sizes.loader).toBeGreaterThan(500);
    expect(sizes.loader).toBeLessThanOrEqual(BUDGETS.loaderGzipBytes);
    expect(sizes.chatApp).toBeLessThanOrEqual(BUDGETS.chatAppGzipBytes);
  });
});
