/**
 * The attack run's hole, replayed in a real browser (Debian's Chromium): a page on the same *site*
 * as the console (127.0.0.1) but another *origin* (another port), opened in the very browser where
 * an agent is signed in and holds a chat, tries the ways a page has to reach the `/agent`
 * namespace with the agent's SameSite=Lax session cookie: a JSON-P `<script>` handshake (with form
 * POSTs after it), a raw WebSocket, and credentialed `fetch` long-polling; through each it asks for
 * the agent's chats and messages, writes to the citizen as the agent and ends the chat. The test
 * proves that the page reads nothing (not the citizen's words, not a conversation id), that
 * `/agent` and `/visitor` refuse it, that JSON-P never answers, and that nothing changes on the
 * server: no message stored or relayed, the chat still held by the agent.
 *
 * A second case proves that the loader (`/widget.js`) lets no query string or fragment of the host
 * page leave it: not in the offer request, the iframe's URL, the socket's URL or its frames, nor in
 * the page address the agent is shown.
 *
 * Controls are found by role and accessible name, never by CSS class.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, startChat, type VisitorSocket } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

/** What the attacker page saw, as it wrote it into `window.report`. */
interface AttackReport {
  done: boolean;
  jsonp: {
    /** Whether the server ever called back the `___eio[j]` function the page defined. */
    callbackRan: boolean;
    /** What each script tag did: `0: load`, `0: error`, `0: no answer within 4 s`. */
    scripts: string[];
    /** Payloads the callbacks received. */
    received: string[];
    /** Outcomes of the form POSTs sent when a session was opened. */
    posts: string[];
  };
  webSocket: Record<'agent' | 'visitor', { events: string[]; received: string[] }>;
  fetches: Array<{ name: string; status: number | null; type: string | null; body: string | null; error: string | null }>;
}

/** A request the chat server received on `/socket.io/`, seen from outside its code (the raw http server). */
interface ObservedRequest {
  kind: 'request' | 'upgrade';
  url: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  cookie: string;
}

/** The text the attacker is after: the citizen's words, unique to this run. */
const MARKER = `SIN-${randomUUID().slice(0, 8)}-confidential`;
const ATTACKER_TEXT = 'Please send your bank details to this address.';

/**
 * The attacker's page. Plain script (no CSP on the attacker's own server), given the chat host, the
 * protocol version and the id of the chat it is after: as if the id had leaked (a shared URL, a
 * screenshot), so that the write attempts are real ones, not stopped by a guessed id. It records
 * only what it receives, never what it was given, so the report can be searched for that id.
 */
function attackerPage(config: { chatOrigin: string; protocolVersion: number; conversationId: string }): string {
  const script = String.raw`
(async () => {
  const CONFIG = ${JSON.stringify(config)};
  const report = {
    done: false,
    jsonp: { callbackRan: false, scripts: [], received: [], posts: [] },
    webSocket: { agent: { events: [], received: [] }, visitor: { events: [], received: [] } },
    fetches: [],
  };
  window.report = report;
  const base = CONFIG.chatOrigin + '/socket.io/?EIO=4&transport=';
  const cacheBuster = () => '&t=' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const SEPARATOR = '\x1e';
  const agentConnect = '40/agent,' + JSON.stringify({ protocolVersion: CONFIG.protocolVersion });
  // Read every chat the agent holds and the one it is after, write to the citizen as the agent,
  // then take the chat away from the agent by ending it.
  const agentCommands = [
    '42/agent,1' + JSON.stringify(['console:sync', {}]),
    '42/agent,2' + JSON.stringify(['messages:since', { conversationId: CONFIG.conversationId, afterSeq: 0 }]),
    '42/agent,3' + JSON.stringify(['message:send', { conversationId: CONFIG.conversationId, clientId: 'attacker-' + Date.now(), text: ${JSON.stringify(ATTACKER_TEXT)} }]),
    '42/agent,4' + JSON.stringify(['conversation:end', { conversationId: CONFIG.conversationId, reason: 'resolved' }]),
  ];
  const sidOf = (payload) => {
    for (const packet of String(payload || '').split(SEPARATOR)) {
      if (!packet.startsWith('0{')) continue;
      try { return JSON.parse(packet.slice(1)).sid || null; } catch { return null; }
    }
    return null;
  };

  // (a) JSON-P: a <script> sends the cookie (same site) and no Origin. Engine.IO answers
  // ___eio[j]("...") when it serves JSON-P; the page defines the callbacks to catch that.
  window.___eio = [];
  let nextJ = 0;
  const jsonp = (query) => new Promise((resolve) => {
    const j = nextJ++;
    let answer = null;
    let settled = false;
    const settle = () => { if (!settled) { settled = true; resolve(answer); } };
    window.___eio[j] = (data) => { report.jsonp.callbackRan = true; answer = String(data); report.jsonp.received.push(answer); };
    const tag = document.createElement('script');
    tag.src = base + 'polling&j=' + j + cacheBuster() + query;
    tag.onload = () => { report.jsonp.scripts.push(j + ': load'); settle(); };
    tag.onerror = () => { report.jsonp.scripts.push(j + ': error'); settle(); };
    setTimeout(() => { if (!settled) report.jsonp.scripts.push(j + ': no answer within 4 s'); settle(); }, 4000);
    document.head.appendChild(tag);
  });
  // JSON-P clients post form data (d=...): a simple request, no preflight, the cookie goes along.
  const jsonpPost = async (sid, packets) => {
    try {
      const response = await fetch(base + 'polling&j=0&sid=' + encodeURIComponent(sid) + cacheBuster(), {
        method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'd=' + encodeURIComponent(packets.join(SEPARATOR)),
      });
      report.jsonp.posts.push(response.type + ' ' + response.status);
    } catch (error) {
      report.jsonp.posts.push('error ' + error);
    }
  };
  const jsonpPollUntil = async (sid, wanted) => {
    for (let i = 0; i < 6; i++) {
      const payload = await jsonp('&sid=' + encodeURIComponent(sid));
      if (payload === null) return;
      const packets = payload.split(SEPARATOR);
      if (packets.includes('2')) await jsonpPost(sid, ['3']);
      if (packets.some(wanted)) return;
    }
  };
  const jsonpSid = sidOf(await jsonp(''));
  if (jsonpSid) {
    await jsonpPost(jsonpSid, [agentConnect]);
    await jsonpPollUntil(jsonpSid, (packet) => packet.startsWith('40/agent,') || packet.startsWith('44/agent,'));
    await jsonpPost(jsonpSid, agentCommands);
    await jsonpPollUntil(jsonpSid, (packet) => packet.startsWith('43/agent,4'));
  }

  // (b) A raw WebSocket: the browser sends the cookie and this page's Origin.
  const webSocket = (namespace, auth, commands, into) => new Promise((resolve) => {
    let ws;
    try {
      ws = new WebSocket(CONFIG.chatOrigin.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket');
    } catch (error) {
      into.events.push('constructor threw ' + error);
      resolve();
      return;
    }
    const timer = setTimeout(() => { into.events.push('gave up after 4 s'); ws.close(); resolve(); }, 4000);
    ws.onopen = () => into.events.push('open');
    ws.onerror = () => into.events.push('error');
    ws.onclose = (event) => { into.events.push('close ' + event.code); clearTimeout(timer); resolve(); };
    ws.onmessage = (event) => {
      const packet = String(event.data);
      into.received.push(packet);
      if (packet === '2') ws.send('3');
      else if (packet.startsWith('0{')) ws.send('40' + namespace + ',' + JSON.stringify(auth));
      // Sent whatever the answer: a server that ignored its own refusal would still obey them.
      else if (packet.startsWith('40' + namespace + ',') || packet.startsWith('44' + namespace + ',')) {
        for (const command of commands) ws.send(command);
      }
    };
  });
  await webSocket('/agent', { protocolVersion: CONFIG.protocolVersion }, agentCommands, report.webSocket.agent);
  await webSocket('/visitor', { protocolVersion: CONFIG.protocolVersion, siteId: 'demo' }, [
    '42/visitor,1' + JSON.stringify(['conversation:sync', { afterSeq: 0 }]),
  ], report.webSocket.visitor);

  // (c) Credentialed fetch long-polling, in CORS mode (the response is readable only if the
  // server allows this origin) and no-cors mode (sent with the cookie, answer opaque).
  const tryFetch = async (name, url, init) => {
    const entry = { name, status: null, type: null, body: null, error: null };
    try {
      const response = await fetch(url, Object.assign({ credentials: 'include', cache: 'no-store' }, init || {}));
      entry.status = response.status;
      entry.type = response.type;
      entry.body = await response.text();
    } catch (error) {
      entry.error = String(error);
    }
    report.fetches.push(entry);
    return entry;
  };
  const handshake = await tryFetch('long-polling handshake (cors)', base + 'polling' + cacheBuster());
  await tryFetch('long-polling handshake (no-cors)', base + 'polling' + cacheBuster(), { mode: 'no-cors' });
  await tryFetch('JSON-P handshake (cors)', base + 'polling&j=0' + cacheBuster());
  const fetchSid = sidOf(handshake.body);
  if (fetchSid) {
    // The handshake was readable: go on as a long-polling client would.
    const session = base + 'polling&sid=' + encodeURIComponent(fetchSid);
    const text = { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' } };
    await tryFetch('namespace connect (cors)', session + cacheBuster(), Object.assign({ body: agentConnect }, text));
    await tryFetch('poll after connect (cors)', session + cacheBuster());
    await tryFetch('commands (cors)', session + cacheBuster(), Object.assign({ body: agentCommands.join(SEPARATOR) }, text));
    await tryFetch('poll after commands (cors)', session + cacheBuster());
  } else {
    // No session id could be read: post the connect packet anyway, in both modes.
    const text = { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: agentConnect };
    await tryFetch('namespace connect without a session (cors)', base + 'polling' + cacheBuster(), text);
    await tryFetch('namespace connect without a session (no-cors)', base + 'polling' + cacheBuster(), Object.assign({ mode: 'no-cors' }, text));
  }

  report.done = true;
  document.getElementById('status').textContent = 'done';
})();
`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Totally unrelated page</title></head>
<body>
<main><h1>Nothing to see here</h1><p id="status" role="status">working</p></main>
<script>${script}</script>
</body>
</html>`;
}

describe.skipIf(!chromiumAvailable)('a same-site page on another origin, against a signed-in agent, in Chromium', () => {
  let test: TestServer;
  let attacker: HttpServer;
  let attackerUrl: string;
  let browser: Browser;
  let agentContext: BrowserContext;
  let agent: Page;
  /** What the attacker page is given once the victim's chat exists. */
  let attackerConfig: Parameters<typeof attackerPage>[0] | null = null;
  /** Every /socket.io/ request the chat server received, with the headers that matter. */
  const observed: ObservedRequest[] = [];

  let citizen: VisitorSocket;
  let conversationId: string;
  let agentId: string;
  const citizenReceived: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    // Watching the raw http server (not a hook in the app): shows what the browser really sent,
    // so a refusal cannot pass for a browser that simply kept the cookie back.
    const observe = (kind: ObservedRequest['kind']) => (request: IncomingMessage) => {
      if (!request.url?.startsWith('/socket.io/')) return;
      const secFetchSite = request.headers['sec-fetch-site'];
      observed.push({
        kind,
        url: request.url,
        origin: request.headers.origin,
        secFetchSite: typeof secFetchSite === 'string' ? secFetchSite : undefined,
        cookie: request.headers.cookie ?? '',
      });
    };
    test.server.app.server.on('request', observe('request'));
    test.server.app.server.on('upgrade', observe('upgrade'));

    // The attacker: another port of the same host, so the same site and another origin.
    attacker = createServer((request, response) => {
      if (request.url !== '/' || attackerConfig === null) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(attackerPage(attackerConfig));
    });
    await new Promise<void>((resolve, reject) => attacker.once('error', reject).listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

    browser = await launchChromium();
    agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    agent = await agentContext.newPage();
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await test?.close();
  });

  it('sets up the victim: an agent signed in to the console, holding a chat with a secret in it', async () => {
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(MANAGER.email);
    await agent.getByLabel('Password').fill(MANAGER.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);

    const chat = await startChat(test.url);
    citizen = chat.socket;
    conversationId = chat.conversationId;
    citizen.on('message:created', (message) => citizenReceived.push(message.text));

    const waiting = agent.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByRole('button', { name: /^Accept/ }).first().click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();

    const sent = await ask(citizen, 'message:send', { clientId: randomUUID(), text: `My number is ${MARKER}` });
    expect(sent.ok).toBe(true);
    await agent.getByRole('log', { name: 'Messages' }).getByText(MARKER).waitFor();

    const manager = await test.server.services.store.agents.findByEmail(MANAGER.email);
    agentId = manager!.id;
    const conversation = await test.server.services.store.conversations.get(conversationId);
    expect(conversation).toMatchObject({ status: 'active', agentId });
    // The session cookie the attack hopes to ride: on 127.0.0.1, sent to any of its ports.
    const cookies = await agentContext.cookies(test.url);
    expect(cookies.some((cookie) => cookie.httpOnly && cookie.sameSite === 'Lax')).toBe(true);
  });

  it('gives the attacker page nothing to read and nothing to write, and changes nothing on the server', async () => {
    const seqBefore = await test.server.services.store.messages.lastSeq(conversationId);
    const citizenReceivedBefore = citizenReceived.length;
    attackerConfig = { chatOrigin: new URL(test.url).origin, protocolVersion: PROTOCOL_VERSION, conversationId };
    const sessionCookie = (await agentContext.cookies(test.url)).find((cookie) => cookie.httpOnly);
    expect(sessionCookie).toBeDefined();

    // The same browser context as the console: the agent's cookie is there for the taking.
    const page = await agentContext.newPage();
    await page.goto(attackerUrl);
    await page.getByRole('status').filter({ hasText: 'done' }).waitFor({ timeout: 45_000 });
    const report = await page.evaluate(() => (window as unknown as { report: AttackReport }).report);
    await page.close();
    const everything = JSON.stringify(report);

    // The attack really reached the server with the victim's cookie: the refusals below are the
    // server's doing, not a browser that held the cookie back.
    const carriesCookie = (request: ObservedRequest) => request.cookie.includes(`${sessionCookie!.name}=`);
    const jsonpRequests = observed.filter((request) => request.kind === 'request' && /[?&]j=\d/.test(request.url));
    expect(jsonpRequests.some((request) => carriesCookie(request) && request.origin === undefined && request.secFetchSite === 'same-site')).toBe(true);
    const upgrades = observed.filter((request) => request.kind === 'upgrade');
    expect(upgrades.some((request) => carriesCookie(request) && request.origin === new URL(attackerUrl).origin)).toBe(true);

    // Nothing readable: not the citizen's words, not the chat's id (which the page itself was
    // given but records nowhere), not the agent's email address.
    expect(everything, everything).not.toContain(MARKER);
    expect(everything, everything).not.toContain(conversationId);
    expect(everything, everything).not.toContain(MANAGER.email);

    // (a) JSON-P: no callback ever ran, so no engine session was opened through a script tag.
    expect(report.jsonp.callbackRan, everything).toBe(false);
    expect(report.jsonp.received).toEqual([]);
    expect(report.jsonp.scripts).toEqual(['0: error']);

    // (b) WebSocket: `/agent` refused the connection for its origin (or no connection at all);
    // never connected, never answered a command. `/visitor` likewise: this origin embeds no site.
    const refused = (namespace: '/agent' | '/visitor', received: string[], events: string[]) => {
      expect(received.filter((packet) => packet.startsWith(`40${namespace},`) || packet.startsWith(`43${namespace},`)), everything).toEqual([]);
      const refusal = received.find((packet) => packet.startsWith(`44${namespace},`));
      if (refusal !== undefined) expect(refusal).toContain('origin_not_allowed');
      else expect(events, everything).not.toContain('open');
    };
    refused('/agent', report.webSocket.agent.received, report.webSocket.agent.events);
    refused('/visitor', report.webSocket.visitor.received, report.webSocket.visitor.events);

    // (c) fetch: no Engine.IO session id was ever readable, so no long-polling session either.
    for (const attempt of report.fetches) {
      expect(attempt.body ?? '', `${attempt.name}: ${everything}`).not.toMatch(/"sid"|___eio|\/agent/);
    }
    expect(report.fetches.length).toBeGreaterThanOrEqual(5);

    // On the server, nothing moved: no message stored or relayed, the chat still the agent's.
    expect(await test.server.services.store.messages.lastSeq(conversationId)).toBe(seqBefore);
    expect(citizenReceived.slice(citizenReceivedBefore)).toEqual([]);
    expect(await test.server.services.store.conversations.get(conversationId)).toMatchObject({ status: 'active', agentId });
    // And the console itself is not disturbed.
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    expect(await agent.getByRole('log', { name: 'Messages' }).getByText(ATTACKER_TEXT).count()).toBe(0);
  });

  it('lets no query string or fragment of the host page leave it through the loader', async () => {
    const citizenContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await citizenContext.newPage();
      const requests: string[] = [];
      const socketFrames: string[] = [];
      /** The Referer of what the loader itself asks for: the offer and the chat frame. */
      const loaderReferers: string[] = [];
      page.on('request', (request) => {
        // The host page's own navigation carries its address by definition; everything else is
        // what the page and its frames send on.
        if (request.isNavigationRequest() && request.frame() === page.mainFrame()) return;
        requests.push(request.url());
        if (/\/api\/widget\/offer|\/chat\/frame/.test(request.url())) loaderReferers.push(request.headers()['referer'] ?? '');
      });
      page.on('websocket', (socket) => {
        requests.push(socket.url());
        socket.on('framesent', (frame) => socketFrames.push(String(frame.payload)));
      });

      await page.goto(`${test.url}/?case=12345&email=marie%40example.test#step-2`);
      await page.getByRole('button', { name: /Chat with us/ }).click();
      const frame = page.frameLocator('iframe[title="Chat with an agent"]');
      await frame.getByRole('button', { name: 'Start chat' }).waitFor();
      // Start a chat too: the page address then travels in the socket's start command, and is
      // what the agent is shown.
      await frame.getByRole('radio', { name: 'Permits and licences' }).check();
      await frame.getByRole('button', { name: 'Start chat' }).click();
      await frame.getByRole('status').filter({ hasText: /in line|chatting with/ }).waitFor();

      // Searched as sent and percent-decoded: `case=12345` travels as `case%3D12345` inside `page=`.
      const decoded = (text: string) => {
        try {
          return decodeURIComponent(text);
        } catch {
          return text;
        }
      };
      const leaks = (text: string) => [text, decoded(text)].some((form) => /case=12345|marie|step-2/i.test(form));
      const summary = JSON.stringify({ requests, socketFrames }, null, 1);
      expect(requests.filter(leaks), summary).toEqual([]);
      expect(socketFrames.filter(leaks), summary).toEqual([]);
      // Nor in the Referer header of the loader's own requests.
      expect(loaderReferers.length).toBeGreaterThan(0);
      expect(loaderReferers.filter(leaks), JSON.stringify(loaderReferers)).toEqual([]);

      // The page address still goes where it is needed, without its query string and fragment.
      const pageAddress = `${new URL(test.url).origin}/`;
      const pageParam = (url: string) => new URL(url).searchParams.get('page');
      const offers = requests.filter((url) => new URL(url).pathname === '/api/widget/offer');
      const frames = requests.filter((url) => new URL(url).pathname === '/chat/frame');
      expect(offers.length, summary).toBeGreaterThan(0);
      expect(frames.length, summary).toBeGreaterThan(0);
      for (const url of [...offers, ...frames]) expect(pageParam(url), url).toBe(pageAddress);

      const started = (await test.server.services.conversations.queue()).filter((conversation) => conversation.id !== conversationId);
      expect(started.map((conversation) => conversation.pageUrl)).toEqual([pageAddress]);
    } finally {
      await citizenContext.close();
    }
  });
});
