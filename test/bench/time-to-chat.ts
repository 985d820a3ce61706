/**
 * `npm run bench:load-time`: how long a citizen on a slow mobile connection waits for the chat.
 *
 * Starts the real server (in memory) with one available agent, then, five times with a cold cache
 * (a new browser context each run), opens the demo page in Chromium under Chrome DevTools' "Slow 4G"
 * network preset and measures:
 *   1. page → launcher visible: from navigation to the launcher showing on the page;
 *   2. click → form usable: from the click on the launcher to the start form's first field being
 *      visible, enabled and focused (the chat app's first download, then the site's topics);
 *   3. start → composer enabled: from "Start chat" to the message field being enabled.
 * Prints each run and the median of each measure.
 *
 * "Slow 4G" as DevTools defines it (devtools-frontend, SDK.NetworkManager.Slow4GConditions, the
 * preset named "Fast 3G" before May 2024): 562.5 ms of latency (150 ms × 3.75), 180,000 bytes/s
 * down (1.6 Mbps × 0.9) and 84,375 bytes/s up (750 kbps × 0.9). CPU not throttled unless
 * BENCH_CPU_THROTTLE=4 (DevTools' "4× slowdown"), which the loaded test machine makes noisy.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.js';
import { ensureBuilt } from '../../scripts/build-lib.js';
import { closeAllSockets, onlineAgent } from '../support/clients.js';
import { startTestServer } from '../support/test-server.js';

export const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 } as const;
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const CPU_THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? '1');
const TIMEOUT_MS = 60_000;

interface Run {
  launcherVisible: number;
  formUsable: number;
  composerEnabled: number;
}

async function throttled(browser: Browser): Promise<Page> {
  // A new context: its own empty cache and storage (a citizen arriving for the first time).
  const context = await browser.newContext({ viewport: { width: 412, height: 860 } });
  const page = await context.newPage();
  // The chat frame is on the same origin as the demo page, so it shares the page's session.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  if (CPU_THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  return page;
}

async function measure(browser: Browser, url: string): Promise<Run> {
  const page = await throttled(browser);
  try {
    const navigated = Date.now();
    await page.goto(`${url}/`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    const launcher = page.getByRole('button', { name: /Chat with us/ });
    await launcher.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    const launcherVisible = Date.now() - navigated;

    const clicked = Date.now();
    await launcher.click();
    const frame = page.frameLocator('iframe[title="Chat with an agent"]');
    const name = frame.getByLabel('First name (optional)');
    await name.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    // Usable: it takes focus and typing (not merely drawn).
    await name.focus({ timeout: TIMEOUT_MS });
    await name.pressSequentially('M', { timeout: TIMEOUT_MS });
    const formUsable = Date.now() - clicked;

    await frame.getByRole('radio', { name: 'Permits and licences' }).check({ timeout: TIMEOUT_MS });
    const started = Date.now();
    await frame.getByRole('button', { name: 'Start chat' }).click({ timeout: TIMEOUT_MS });
    const composer = frame.getByLabel('Your message');
    await composer.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    // Enabled: it takes typing (Playwright waits for it to be visible, enabled and editable).
    await composer.pressSequentially('H', { timeout: TIMEOUT_MS });
    const composerEnabled = Date.now() - started;
    return { launcherVisible, formUsable, composerEnabled };
  } finally {
    await page.context().close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
};

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
const test = await startTestServer();
const { socket: agent } = await onlineAgent(test.url, test.server.services.auth, { maxConcurrentChats: RUNS + 1 });
const browser = await launchChromium();
try {
  process.stdout.write(
    `Slow 4G (latency ${SLOW_4G.latency} ms, ${SLOW_4G.downloadThroughput} B/s down, ${SLOW_4G.uploadThroughput} B/s up), ` +
      `CPU ${CPU_THROTTLE > 1 ? `${CPU_THROTTLE}× slower` : 'not throttled'}, cold cache, ${RUNS} runs\n`,
  );
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = await measure(browser, test.url);
    runs.push(run);
    process.stdout.write(`  run ${i}: launcher ${run.launcherVisible} ms, form usable ${run.formUsable} ms after the click, composer ${run.composerEnabled} ms after start\n`);
  }
  process.stdout.write(
    `Median: page → launcher visible ${median(runs.map((run) => run.launcherVisible))} ms; ` +
      `click → start form usable ${median(runs.map((run) => run.formUsable))} ms; ` +
      `start → composer enabled ${median(runs.map((run) => run.composerEnabled))} ms\n`,
  );
} finally {
  await browser.close();
  agent.disconnect();
  closeAllSockets();
  await test.close();
}
