/**
 * `npm run bench:offer` (and the third part of `npm run bench`): the offer request is on every page
 * view of a government site that embeds the widget, so it must cost about what a static file does.
 *
 * Starts the real server (one node, in-memory store, in its own process) and measures with
 * autocannon, one after the other and for the same time:
 *
 *   1. `GET /widget.js`: the loader, a static file the same server sends (the yardstick);
 *   2. `GET /api/widget/offer`: the soft-launch decision for the demo site, each request from a
 *      different random visitor id (so that no cache of a visitor's answer flatters the figure).
 *
 * Prints requests per second and latency (p50, p99) of each and the offer's rate as a share of the
 * static file's (target ≥ 50 %). Options: --seconds 10 --connections 50 --runs 1. Load over
 * 127.0.0.1 only; the server and this process each get one of the machine's cores at best.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { startBenchProcess, stopBenchProcess } from './bench-support.js';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(options.seconds);
const CONNECTIONS = Number(options.connections);
const RUNS = Number(options.runs);

/** The target: the offer served at no less than this share of the static file's rate. */
const TARGET_SHARE = 0.5;

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function measure(url: string, setupPath?: () => string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: SECONDS,
        // A browser on the department's page asks cross-origin; the server must answer it so.
        headers: { origin: new URL(url).origin },
        ...(setupPath === undefined ? {} : { requests: [{ setupRequest: (request: object) => ({ ...request, path: setupPath() }) }] }),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        });
      },
    );
  });
}

/** An offer request as the loader makes it: a page of the demo site, a fresh random visitor id. */
function offerPath(): string {
  const query = new URLSearchParams({
    site: 'demo',
    page: 'http://127.0.0.1/en/benefits/apply',
    lang: Math.random() < 0.5 ? 'en' : 'fr',
    v: String(PROTOCOL_VERSION),
    visitor: randomBytes(16).toString('base64url'),
  });
  return `/api/widget/offer?${query}`;
}

const format = (figures: Figures) =>
  `${figures.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(figures.p50).padStart(3)} ms   p99 ${String(figures.p99).padStart(3)} ms` +
  (figures.non2xx + figures.errors > 0 ? `   (${figures.non2xx} non-2xx, ${figures.errors} errors)` : '');

const server = await startBenchProcess('test/bench/bench-server.ts', { BENCH_AGENTS: '0' });
try {
  console.log(`Offer benchmark: ${CONNECTIONS} connections, ${SECONDS} s each, ${RUNS} run(s), one node in memory`);
  // Warm both paths (JIT, the policy cache) before anything is counted.
  await Promise.all([measureQuietly(`${server.url}/widget.js`), measureQuietly(`${server.url}/api/widget/offer`, offerPath)]);
  const shares: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const loader = await measure(`${server.url}/widget.js`);
    const offer = await measure(`${server.url}/api/widget/offer`, offerPath);
    const share = offer.requestsPerSecond / loader.requestsPerSecond;
    shares.push(share);
    console.log(`run ${run}`);
    console.log(`  static /widget.js      ${format(loader)}`);
    console.log(`  GET /api/widget/offer  ${format(offer)}`);
    console.log(`  offer rate ÷ static rate: ${(share * 100).toFixed(0)} % (target ≥ ${TARGET_SHARE * 100} %)`);
    if (offer.non2xx + offer.errors > 0) console.log('  the offer answered with errors: the figure above is not a valid measurement');
  }
  if (RUNS > 1) {
    const sorted = [...shares].sort((a, b) => a - b);
    console.log(`offer ÷ static across runs: ${sorted.map((share) => `${(share * 100).toFixed(0)} %`).join(', ')}`);
  }
} finally {
  await stopBenchProcess(server);
}

async function measureQuietly(url: string, setupPath?: () => string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    autocannon({ url, connections: 10, duration: 2, ...(setupPath ? { requests: [{ setupRequest: (request: object) => ({ ...request, path: setupPath() }) }] } : {}) }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
