/**
 * The server's build (scripts/server-build.ts), the one `npm start` runs: it starts from
 * build/server/main.js, finds the project's files from there (the demo pages, the built clients,
 * the common-password list it reads at start), and serves them.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN } from '../../scripts/server-build.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('the server as npm start runs it', () => {
  let node: ServerProcess;

  beforeAll(async () => {
    node = await startServerProcess(null, { NODE_ENV: 'development' });
  });
  afterAll(() => killAllServerProcesses());

  it('serves the demo page, the console and its health from the build', async () => {
    const demo = await fetch(`${node.url}/`);
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('Northvale');
    const consolePage = await fetch(`${node.url}/console`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toMatch(/<script[^>]+src="\/console\/assets\//);
    expect(await (await fetch(`${node.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('says so and exits when its port is taken, rather than crashing with a stack', async () => {
    const second = spawn(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(node.port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    second.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(said).toBe(`Could not listen: 127.0.0.1:${node.port} is in use by another process (another server still running?); stop it or choose another PORT\n`);
  });

  it('is compiled without keepNames, with a source map', async () => {
    const code = await readFile(SERVER_MAIN, 'utf8');
    // esbuild's keepNames helper names each function after it is made (see scripts/server-build.ts).
    expect(code).not.toContain('__name(');
    expect(code).toMatch(/\/\/# sourceMappingURL=main\.js\.map\s*$/);
  });
});
