/**
 * Citizens who leave and idle chats, at the service level: a clock the test moves and a directory
 * the test controls (which conversations have a citizen connected anywhere in the cluster), the
 * sweep called by hand.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { Agent } from '../../server/domain/entities.js';
import { abandonedCounter } from '../../server/domain/visitor-presence.js';
import type { DomainEvent } from '../../server/services/events.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { SWEEP_SLICE, type VisitorDirectory } from '../../server/services/visitor-presence-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Store } from '../../server/stores/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const SECOND = 1000;
const GRACE = 60 * SECOND;
const GONE = 300 * SECOND;
const IDLE = 600 * SECOND;
const WARNING = 120 * SECOND;
const silentLogger = { info() {}, warn() {}, error() {} };

describe('citizens who leave, and idle chats', () => {
  let services: Services;
  let store: Store;
  let clock: ManualClock;
  let events: DomainEvent[];
  const connected = new Set<string>();
  /** Connected, but after the sweep's first question to the cluster was answered. */
  const justConnecting = new Set<string>();
  const directory: VisitorDirectory = {
    isConnected: async (conversationId) => connected.has(conversationId),
    connectedAmong: async (conversationIds) => new Set(conversationIds.filter((id) => connected.has(id))),
    connectedConversationIds: async () => new Set([...connected].filter((id) => !justConnecting.has(id))),
  };

  beforeEach(async () => {
    connected.clear();
    justConnecting.clear();
    clock = new ManualClock();
    store = createMemoryStore();
    const config = loadConfig({
      VISITOR_ABANDON_GRACE_SECONDS: String(GRACE / SECOND),
      VISITOR_GONE_TIMEOUT_SECONDS: String(GONE / SECOND),
      VISITOR_IDLE_TIMEOUT_SECONDS: String(IDLE / SECOND),
      VISITOR_IDLE_WARNING_SECONDS: String(WARNING / SECOND),
    });
    services = createServices(config, store, clock, new PasswordHasher(TEST_HASHING), silentLogger);
    services.visitorPresence.start(directory);
    services.visitorPresence.stop(); // the test calls sweep() itself
    events = [];
    services.events.subscribe((event) => events.push(event));
    await store.queues.put({ id: 'permits-fr', name: { en: 'Permits', fr: 'Permis' }, language: 'fr', mode: 'agents_pick' });
    await store.sites.put({
      id: 'demo',
      name: { en: 'Demo', fr: 'Démo' },
      allowedOrigins: [],
      chatEnabled: true,
      topics: [{ id: 'permits', queues: { en: 'permits-fr', fr: 'permits-fr' }, label: { en: 'P', fr: 'P' } }],
      hours: null,
      otherWays: [],
      selfService: [],
    });
  });

  /** A citizen starts a chat and stays connected. */
  async function openChat(clientId: string) {
    const { conversation } = await services.conversations.start({
      siteId: 'demo',
      clientId,
      secret: clientId.padEnd(40, 'x'),
      topicId: 'permits',
      language: 'fr',
      pageUrl: 'https://example.test/',
    });
    connected.add(conversation.id);
    return conversation.id;
  }

  /** The citizen's last connection closes (their tab closed, or a reload begins). */
  async function leave(conversationId: string) {
    connected.delete(conversationId);
    await services.visitorPresence.disconnected(conversationId);
  }

  async function comeBack(conversationId: string) {
    connected.add(conversationId);
    await services.visitorPresence.connected(conversationId);
  }

  let agentCount = 0;
  async function agentHolding(conversationId: string): Promise<Agent> {
    const agent = (await services.auth.createAccount({
      email: `agent-${++agentCount}@example.test`,
      displayName: 'Alex',
      role: 'agent',
      password: 'a-long-enough-password',
      languages: ['fr'],
      queueIds: ['permits-fr'],
    }))!;
    await services.presence.connected(agent.id);
    await services.presence.setStatus(agent.id, 'available');
    await services.conversations.accept(agent, conversationId);
    return agent;
  }

  const record = async (conversationId: string) => (await store.conversations.get(conversationId))!;

  describe('waiting in the queue', () => {
    it('closes the chat of a citizen gone past the grace as abandoned, not before; it leaves the queue and is counted', async () => {
      const first = await openChat('client-first');
      const second = await openChat('client-second');
      await leave(first);
      expect((await record(first)).visitorLeftAt).toBe(clock.now());

      clock.advance(GRACE - 1);
      await services.visitorPresence.sweep();
      expect((await record(first)).status).toBe('queued');

      clock.advance(1);
      events = [];
      await services.visitorPresence.sweep();
      expect(await record(first)).toMatchObject({ status: 'closed', closedBy: 'system', closeReason: 'abandoned', closedAt: clock.now() });
      expect((await store.conversations.listQueued()).map((c) => c.id)).toEqual([second]);
      const closed = events.find((event) => event.type === 'conversation.changed');
      expect(closed).toMatchObject({ left: { queueId: 'permits-fr' }, joined: null });
      expect(await store.counters.read([abandonedCounter('permits-fr', clock.now())])).toEqual({ [abandonedCounter('permits-fr', clock.now())]: 1 });
      // Nobody reads a transcript of a chat nobody answered: no notice in it.
      expect(await store.messages.lastSeq(first)).toBe(0);
    });

    it('keeps the chat of a citizen who comes back within the grace (a reload, the next page)', async () => {
      const id = await openChat('client-reload');
      await leave(id);
      clock.advance(GRACE / 2);
      await comeBack(id);
      expect((await record(id)).visitorLeftAt).toBeNull();
      clock.advance(GRACE);
      await services.visitorPresence.sweep();
      expect((await record(id)).status).toBe('queued');
    });

    it('does not note a departure while another tab or node still holds a connection', async () => {
      const id = await openChat('client-two-tabs');
      // One connection closes; the directory still finds another.
      await services.visitorPresence.disconnected(id);
      expect((await record(id)).visitorLeftAt).toBeNull();
    });

    it('times a citizen whose node died without a word from the first sweep that misses them: not at once, not never', async () => {
      const id = await openChat('client-node-died');
      connected.delete(id); // no disconnected(): the node died
      clock.advance(10 * GRACE);
      await services.visitorPresence.sweep();
      expect(await record(id)).toMatchObject({ status: 'queued', visitorLeftAt: clock.now() });
      clock.advance(GRACE);
      await services.visitorPresence.sweep();
      expect((await record(id)).closeReason).toBe('abandoned');
    });

    it('asks once more before noting a departure the cluster did not report: a citizen connecting meanwhile is not gone', async () => {
      const id = await openChat('client-connecting');
      justConnecting.add(id);
      await services.visitorPresence.sweep();
      expect((await record(id)).visitorLeftAt).toBeNull();
    });

    it('forgets a departure noted from a stale answer once the citizen is found connected', async () => {
      const id = await openChat('client-stale');
      connected.delete(id);
      await services.visitorPresence.sweep(); // notes the departure
      connected.add(id); // came back through another node, unseen here
      await services.visitorPresence.sweep();
      expect((await record(id)).visitorLeftAt).toBeNull();
      clock.advance(2 * GRACE);
      await services.visitorPresence.sweep();
      expect((await record(id)).status).toBe('queued');
    });
  });

  describe('in a chat in progress', () => {
    it('shows the agent at once that the citizen left, and back; closes after the gone timeout with a notice', async () => {
      const id = await openChat('client-active-gone');
      await agentHolding(id);
      events = [];
      await leave(id);
      expect(events).toEqual([expect.objectContaining({ type: 'conversation.changed', conversation: expect.objectContaining({ visitorLeftAt: clock.now() }) })]);
      const left = await services.views.agentConversation(await record(id));
      expect(left.visitorLeftAt).toBe(new Date(clock.now()).toISOString());

      clock.advance(GRACE);
      await services.visitorPresence.sweep();
      expect((await record(id)).status).toBe('active');
      await comeBack(id);
      expect((await services.views.agentConversation(await record(id))).visitorLeftAt).toBeNull();

      await leave(id);
      clock.advance(GONE - 1);
      await services.visitorPresence.sweep();
      expect((await record(id)).status).toBe('active');
      clock.advance(1);
      await services.visitorPresence.sweep();
      expect(await record(id)).toMatchObject({ status: 'closed', closedBy: 'system', closeReason: 'visitor_gone' });
      const [notice] = (await services.conversations.messagesAfter(id, 0)).messages;
      expect(notice).toMatchObject({ author: { kind: 'system' }, text: expect.stringMatching(/^Ce clavardage a été fermé/) });
      // Gone mid-chat is not abandonment.
      expect(Object.values(await store.counters.read([abandonedCounter('permits-fr', clock.now())]))).toEqual([0]);
    });

    it('warns a silent citizen before the timeout, then closes with a notice; never before the warning has stood its time', async () => {
      const id = await openChat('client-idle');
      await agentHolding(id);
      clock.advance(IDLE - WARNING - 1);
      await services.visitorPresence.sweep();
      expect((await record(id)).idleWarnedAt).toBeNull();

      clock.advance(1);
      await services.visitorPresence.sweep();
      expect(await record(id)).toMatchObject({ idleWarnedAt: clock.now(), idleClosesAt: clock.now() + WARNING });
      const view = await services.views.visitorConversation(await record(id));
      expect(view.idleWarning).toEqual({ closesAt: new Date(clock.now() + WARNING).toISOString(), secondsLeft: WARNING / SECOND });

      clock.advance(WARNING - 1);
      await services.visitorPresence.sweep();
      expect((await record(id)).status).toBe('active');
      clock.advance(1);
      await services.visitorPresence.sweep();
      expect(await record(id)).toMatchObject({ status: 'closed', closedBy: 'system', closeReason: 'visitor_inactive' });
      const messages = (await services.conversations.messagesAfter(id, 0)).messages;
      expect(messages.map((m) => [m.author.kind, m.text])).toEqual([['system', expect.stringMatching(/aucune activité/)]]);
    });

    it('lets the citizen stay with one command: the warning goes and the silence counts afresh', async () => {
      const id = await openChat('client-extend');
      await agentHolding(id);
      clock.advance(IDLE - WARNING);
      await services.visitorPresence.sweep();
      clock.advance(WARNING - SECOND);
      const extended = await services.conversations.extendByVisitor(id);
      expect(extended).toMatchObject({ idleWarnedAt: null, idleClosesAt: null });

      clock.advance(IDLE - WARNING - SECOND);
      await services.visitorPresence.sweep();
      expect(await record(id)).toMatchObject({ status: 'active', idleWarnedAt: null });
      clock.advance(SECOND);
      await services.visitorPresence.sweep();
      expect((await record(id)).idleWarnedAt).toBe(clock.now());
    });

    it('counts a message from either side as activity, and the citizen writing takes the warning back', async () => {
      const id = await openChat('client-writes');
      const agent = await agentHolding(id);
      clock.advance(IDLE - WARNING);
      await services.visitorPresence.sweep();
      expect((await record(id)).idleWarnedAt).not.toBeNull();
      await services.conversations.postAsVisitor(id, { clientId: 'visitor-message-1', text: 'Oui, je suis là.' });
      expect((await record(id)).idleWarnedAt).toBeNull();

      clock.advance(IDLE - WARNING - SECOND);
      await services.conversations.postAsAgent(agent, id, { clientId: 'agent-message-1', text: 'Je vérifie.' });
      clock.advance(IDLE - WARNING - SECOND);
      await services.visitorPresence.sweep();
      expect((await record(id)).idleWarnedAt).toBeNull();
    });

    it('lets only the agent holding the chat ask "are you still there?", in the chat’s language, a couple of times a minute', async () => {
      const id = await openChat('client-still-there');
      const agent = await agentHolding(id);
      const asked = await services.conversations.askStillThere(agent, id, 'ask-0000001');
      expect(asked).toMatchObject({ author: { kind: 'system', agentId: agent.id }, text: expect.stringMatching(/^Êtes-vous toujours là\?/) });
      // A retry is the same message; then the per-chat limit.
      expect((await services.conversations.askStillThere(agent, id, 'ask-0000001')).id).toBe(asked.id);
      await services.conversations.askStillThere(agent, id, 'ask-0000002');
      await expect(services.conversations.askStillThere(agent, id, 'ask-0000003')).rejects.toMatchObject({ code: 'rate_limited' });
      clock.advance(60 * SECOND);
      await services.conversations.askStillThere(agent, id, 'ask-0000004');

      const other = await openChat('client-someone-else');
      const otherAgent = await agentHolding(other);
      await expect(services.conversations.askStillThere(otherAgent, id, 'ask-0000005')).rejects.toMatchObject({ code: 'forbidden' });
      // The question does not count as the citizen's activity, nor restart their silence.
      expect((await store.conversations.idleSince()).get(id)).toBe((await record(id)).assignedAt);
    });
  });

  it('gives the event loop back during a round over many chats, and still settles each', async () => {
    const ids: string[] = [];
    for (let i = 0; i <= SWEEP_SLICE * 2; i++) ids.push(await openChat(`client-many-${i}`));
    // Every citizen's connection gone with nobody told: the round notes each departure.
    connected.clear();
    let servedDuringRound = false;
    const round = services.visitorPresence.sweep().then(() => servedDuringRound);
    // Queued behind the round's start: it runs before the round ends only if the round pauses.
    setImmediate(() => (servedDuringRound = true));
    expect(await round).toBe(true);
    const records = await Promise.all(ids.map(record));
    expect(records.filter((conversation) => conversation.visitorLeftAt !== clock.now())).toEqual([]);
  });
});
