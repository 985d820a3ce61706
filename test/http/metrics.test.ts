/**
 * `/metrics` on a real server after scripted activity (offers, chats, messages), parsed with the
 * text format's rules (test/support/prometheus-text.ts): the figures match what happened, no label
 * carries an id, and the endpoint is refused without its token, absent when not configured
 * (production included) and served on its own listener when METRICS_PORT is set.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ask, closeAllSockets, onlineAgent, startChat } from '../support/clients.js';
import { freePort } from '../support/free-port.js';
import { ExpositionError, parsePrometheusText, sampleValue, type MetricFamily } from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('/metrics', () => {
  let test: TestServer | undefined;
  afterEach(async () => {
    closeAllSockets();
    await test?.close();
    test = undefined;
  });

  const scrape = async (base: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${base}/metrics`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };

  it('counts the activity: offers, chats, waits, messages, queue figures, connections, store calls', async () => {
    test = await startTestServer({ METRICS_TOKEN: TOKEN });
    const url = test.url;
    const services = test.server.services;

    const page = `${url}/services/benefits`;
    const visitorIds = ['metrics-visitor-a-0000', 'metrics-visitor-b-0000'];
    for (const visitor of visitorIds) {
      const query = new URLSearchParams({ site: 'demo', page, lang: 'fr', visitor });
      expect((await (await fetch(`${url}/api/widget/offer?${query}`)).json()).state).toBe('offered');
    }

    const agent = await onlineAgent(url, services.auth);
    const agentId = (await services.store.agents.findByEmail(agent.email))!.id;
    // One chat answered, with three messages, then ended; another left waiting in the French permits queue.
    const answered = await startChat(url, { topicId: 'permits', language: 'fr' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: answered.conversationId })).toMatchObject({ ok: true });
    expect(await ask(answered.socket, 'message:send', { clientId: randomUUID(), text: 'Bonjour' })).toMatchObject({ ok: true });
    expect(await ask(answered.socket, 'message:send', { clientId: randomUUID(), text: 'Une question' })).toMatchObject({ ok: true });
    expect(await ask(agent.socket, 'message:send', { conversationId: answered.conversationId, clientId: randomUUID(), text: 'Oui?' })).toMatchObject({ ok: true });
    expect(await ask(agent.socket, 'conversation:end', { conversationId: answered.conversationId })).toMatchObject({ ok: true });
    const waiting = await startChat(url, { topicId: 'permits', language: 'fr' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const metrics = await scrape(url);
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(metrics, name, labels);

    expect(value('govchat_offer_decisions_total', { state: 'offered', reason: 'none' })).toBe(2);
    expect(value('govchat_conversations_started_total', { queue: 'permits-fr' })).toBe(2);
    expect(value('govchat_conversations_closed_total', { reason: 'resolved' })).toBe(1);
    expect(value('govchat_messages_total', { sender: 'visitor' })).toBe(2);
    expect(value('govchat_messages_total', { sender: 'agent' })).toBe(1);
    // One chat answered: one wait and one stay in a queue, of at least the 30 ms it was left waiting.
    expect(value('govchat_wait_seconds_count', { queue: 'permits-fr' })).toBe(1);
    expect(value('govchat_wait_seconds_sum', { queue: 'permits-fr' })).toBeGreaterThanOrEqual(0.03);
    expect(value('govchat_wait_seconds_bucket', { queue: 'permits-fr', le: '5' })).toBe(1);
    expect(value('govchat_assignment_latency_seconds_count', { queue: 'permits-fr' })).toBe(1);
    expect(value('govchat_assignment_latency_seconds_bucket', { queue: 'permits-fr', le: '0.05' })).toBe(0);
    // The second chat waits: the queue says so, with the wait of its oldest chat; the agent serves it.
    expect(value('govchat_queue_waiting', { queue: 'permits-fr' })).toBe(1);
    expect(value('govchat_queue_waiting', { queue: 'permits-en' })).toBe(0);
    expect(value('govchat_queue_oldest_wait_seconds', { queue: 'permits-fr' })).toBeGreaterThanOrEqual(0.05);
    expect(value('govchat_queue_oldest_wait_seconds', { queue: 'permits-en' })).toBe(0);
    expect(value('govchat_queue_agents', { queue: 'permits-fr', state: 'available' })).toBe(1);
    expect(value('govchat_queue_figures_up')).toBe(1);
    // Two citizens' sockets and one console are open on this node.
    expect(value('govchat_connections', { namespace: 'visitor' })).toBe(2);
    expect(value('govchat_connections', { namespace: 'agent' })).toBe(1);
    expect(value('govchat_store_operation_seconds_count', { repository: 'conversations', method: 'insert' })).toBe(2);
    expect(value('govchat_store_errors_total', { repository: 'conversations', method: 'insert' })).toBeUndefined();
    // Node.js defaults: event-loop lag among them.
    expect(metrics.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(metrics.get('process_cpu_seconds_total')?.type).toBe('counter');
    for (const family of metrics.values()) {
      expect(family.help, family.name).not.toBeNull();
      expect(family.type, family.name).not.toBe('untyped');
    }

    // No id of a citizen, a conversation, an agent or a session in any label.
    const ids = [...visitorIds, answered.conversationId, waiting.conversationId, answered.token, agentId, agent.cookie.split('=')[1]!.split(';')[0]!];
    const labelValues = [...metrics.values()].flatMap((family: MetricFamily) => family.samples.flatMap((sample) => Object.values(sample.labels)));
    for (const id of ids) expect(labelValues.filter((label) => label.includes(id))).toEqual([]);
    const allowedLabels = new Set(['namespace', 'queue', 'state', 'sender', 'reason', 'repository', 'method', 'le', 'version', 'major', 'minor', 'patch', 'space', 'kind', 'type']);
    for (const family of metrics.values()) {
      for (const sample of family.samples) for (const label of Object.keys(sample.labels)) expect(allowedLabels, `${sample.name}{${label}}`).toContain(label);
    }
    const queueLabels = new Set(labelValues.length > 0 ? [...metrics.values()].flatMap((family) => family.samples.map((sample) => sample.labels.queue)).filter((queue) => queue !== undefined) : []);
    const queueIds = new Set((await services.store.queues.list()).map((queue) => queue.id));
    for (const queue of queueLabels) expect(queueIds).toContain(queue);
  });

  it('refuses callers without the token or with a wrong one, and limits scrapes', async () => {
    test = await startTestServer({ METRICS_TOKEN: TOKEN });
    const refused: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }, { authorization: TOKEN }];
    for (const headers of refused) {
      const response = await fetch(`${test.url}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await fetch(`${test.url}/metrics`, { headers: auth })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses).toContain(429);
  });

  it('is absent when neither a token nor a port is set, in production too', async () => {
    test = await startTestServer({});
    expect((await fetch(`${test.url}/metrics`, { headers: auth })).status).toBe(404);
    expect(test.server.services.metrics).toBeNull();
    await test.close();
    test = await startTestServer({ NODE_ENV: 'production', RETENTION_DAYS: '30' });
    expect((await fetch(`${test.url}/metrics`, { headers: auth })).status).toBe(404);
  });

  it('serves its own listener on METRICS_PORT, not the main port, and asks that listener for the token when one is set', async () => {
    const port = await freePort();
    test = await startTestServer({ METRICS_PORT: String(port) });
    expect((await fetch(`${test.url}/metrics`)).status).toBe(404);
    const metrics = await scrape(`http://127.0.0.1:${port}`, {});
    expect(metrics.get('govchat_queue_waiting')?.type).toBe('gauge');
    expect((await fetch(`http://127.0.0.1:${port}/console`)).status).toBe(404);
    await test.close();

    const tokenPort = await freePort();
    test = await startTestServer({ METRICS_PORT: String(tokenPort), METRICS_TOKEN: TOKEN });
    expect((await fetch(`http://127.0.0.1:${tokenPort}/metrics`)).status).toBe(401);
    await scrape(`http://127.0.0.1:${tokenPort}`);
  });

  it('counts failed store calls and still answers when the queue figures cannot be read', async () => {
    const store = createMemoryStore();
    test = await startTestServer({ METRICS_TOKEN: TOKEN }, { store });
    store.conversations.queueLengths = () => Promise.reject(new Error('store away'));
    const metrics = await scrape(test.url);
    expect(sampleValue(metrics, 'govchat_queue_figures_up')).toBe(0);
    expect(sampleValue(metrics, 'govchat_store_errors_total', { repository: 'conversations', method: 'queueLengths' })).toBeGreaterThanOrEqual(1);
    expect(metrics.get('govchat_queue_waiting')?.samples).toEqual([]);
    await vi.waitFor(async () => {
      const again = await scrape(test!.url);
      expect(sampleValue(again, 'govchat_store_errors_total', { repository: 'conversations', method: 'queueLengths' })).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('the test parser of the text format', () => {
  const refuses = (text: string, message: RegExp) => expect(() => parsePrometheusText(text)).toThrow(message);

  it('reads a well-formed exposition', () => {
    const families = parsePrometheusText(
      [
        '# HELP a_total Things, with a \\\\ and a \\n.',
        '# TYPE a_total counter',
        'a_total{kind="x \\"y\\" \\\\ \\n"} 3',
        '# TYPE h histogram',
        'h_bucket{le="1"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 3.5',
        'h_count 2',
        'untyped_thing NaN 1700000000000',
        '',
      ].join('\n'),
    );
    expect(families.get('a_total')).toMatchObject({ type: 'counter', help: 'Things, with a \\ and a \n.' });
    expect(sampleValue(families, 'a_total', { kind: 'x "y" \\ \n' })).toBe(3);
    expect(sampleValue(families, 'h_count')).toBe(2);
  });

  it('refuses what Prometheus would refuse', () => {
    refuses('1bad 1\n', /bad metric name/);
    refuses('a{1x="v"} 1\n', /bad label name/);
    refuses('a{__x="v"} 1\n', /bad label name/);
    refuses('a{x="v\\t"} 1\n', /bad escape/);
    refuses('a{x="v",x="w"} 1\n', /twice/);
    refuses('a{x="v} 1\n', /unterminated|expected/);
    refuses('a one\n', /bad value/);
    refuses('a 1', /line feed/);
    refuses('a 1\nb 1\na{x="1"} 2\n', /appears again/);
    refuses('a 1\na 2\n', /duplicate/);
    refuses('# TYPE a gauge\n# TYPE a gauge\na 1\n', /second TYPE/);
    refuses('# TYPE a nonsense\n', /unknown type/);
    refuses('# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /not ascending/);
    refuses('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /fewer/);
    refuses('# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /\+Inf/);
    refuses('# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n', /differs/);
    refuses('# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n', /_sum/);
    expect(() => parsePrometheusText('a 1\na 2\n')).toThrow(ExpositionError);
  });
});
