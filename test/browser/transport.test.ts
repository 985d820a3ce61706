/**
 * How the chat app reaches the server, in Chromium (widget/app/direct-socket.ts): over one
 * WebSocket without downloading Engine.IO's client; and where WebSockets are blocked (some
 * proxies) while the server answers over HTTP, over long-polling, with that client loaded then,
 * messages going both ways.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { Message } from '../../protocol/models.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, nextEvent, onlineAgent } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Stands in for a proxy that refuses WebSockets: every one fails before it opens. */
const BLOCK_WEBSOCKETS = `
  window.WebSocket = class BlockedWebSocket {
    constructor() { setTimeout(() => { this.onerror?.(new Event('error')); this.onclose?.(new Event('close')); }, 20); }
    send() { throw new Error('not open'); }
    close() {}
  };
`;

describe.skipIf(!chromiumAvailable)('the chat app’s connection, in Chromium', { timeout: 90_000 }, () => {
  let test: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  /** A citizen's page, with every request's path and every WebSocket's address recorded. */
  async function citizenPage(init?: string): Promise<{ page: Page; requested: string[]; webSockets: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (init !== undefined) await context.addInitScript(init);
    const page = await context.newPage();
    const requested: string[] = [];
    const webSockets: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname + new URL(request.url()).search));
    page.on('websocket', (socket) => webSockets.push(socket.url()));
    return { page, requested, webSockets };
  }

  /** Starts a chat from the page, the agent accepts it, and a message goes each way. */
  async function chatBothWays(page: Page, topic: string, queueId: string): Promise<void> {
    const agent = await onlineAgent(test.url, test.server.services.auth, { publicName: 'Alex', languages: ['en'], queueIds: [queueId] });
    const queued = nextEvent<AgentQueueChange>(agent.socket, 'queue:changed', (change) => change.kind === 'joined', 30_000);
    await page.goto(`${test.url}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const frame = page.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByRole('radio', { name: topic }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    const joined = await queued;
    if (joined.kind !== 'joined') throw new Error('expected the chat to join the queue');
    const conversationId = joined.entry.id;
    expect((await ask(agent.socket, 'conversation:accept', { conversationId })).ok).toBe(true);
    expect((await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'Hello, how can I help?' })).ok).toBe(true);
    await frame.getByRole('log').getByText('Hello, how can I help?').waitFor({ timeout: 15_000 });
    const question = nextEvent<Message>(agent.socket, 'message:created', (message) => message.text === 'Is my permit ready?', 15_000);
    await frame.getByRole('textbox', { name: 'Your message' }).fill('Is my permit ready?');
    await frame.getByRole('textbox', { name: 'Your message' }).press('Enter');
    await question;
  }

  it('talks over one WebSocket and never downloads the long-polling client', async () => {
    const { page, requested, webSockets } = await citizenPage();
    await chatBothWays(page, 'Permits and licences', 'permits-en');
    expect(webSockets.filter((url) => url.includes('/socket.io/?EIO=4&transport=websocket'))).toHaveLength(1);
    expect(requested.some((path) => path.includes('polling-engine'))).toBe(false);
    expect(requested.some((path) => path.includes('transport=polling'))).toBe(false);
    expect(requested).not.toContain('/healthz');
    await page.context().close();
  });

  it('falls back to HTTP long-polling where WebSockets are blocked, and the chat works both ways', async () => {
    const { page, requested } = await citizenPage(BLOCK_WEBSOCKETS);
    await chatBothWays(page, 'Permits and licences', 'permits-en');
    // First it checks that the server answers over HTTP (a server that is down is waited for instead).
    expect(requested).toContain('/healthz');
    expect(requested.filter((path) => /polling-engine-.*\.js$/.test(path))).toHaveLength(1);
    expect(requested.some((path) => path.startsWith('/socket.io/') && path.includes('transport=polling'))).toBe(true);
    await page.context().close();
  });
});
