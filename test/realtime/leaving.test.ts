/**
 * Citizens who leave and idle chats (issue #7, point 5), over real Socket.IO connections to the real
 * server: abandonment at the socket level, reloads, a citizen gone mid-chat, the inactivity warning
 * and "Stay in the chat", and the agent's "are you still there?". The server runs on a clock the
 * test moves, and the test calls the sweep itself (its timer is stopped), so nothing waits for
 * minutes and nothing depends on when a timer fires.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { AgentConversation, Message, VisitorConversation } from '../../protocol/models.js';
import { abandonedCounter } from '../../server/domain/visitor-presence.js';
import { applyChanges, isNewer, placeFromView, shownPosition } from '../../widget/app/queue-place.js';
import { ask, closeAllSockets, connectVisitor, nextEvent, onlineAgent, startChat } from '../support/clients.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SECOND = 1000;
// The documented defaults: nothing is configured, so these are what production gets.
const GRACE = 60 * SECOND;
const GONE = 300 * SECOND;
const IDLE = 600 * SECOND;
const WARNING = 120 * SECOND;

describe('citizens who leave, and idle chats', () => {
  let test: TestServer;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    test = await startTestServer({}, { clock });
    test.server.services.visitorPresence.stop();
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  const services = () => test.server.services;
  const record = async (conversationId: string) => (await services().store.conversations.get(conversationId))!;
  const sweep = () => services().visitorPresence.sweep();
  /** Waits until the server has seen the citizen's connection close (or open) and noted it. */
  const departureNoted = (conversationId: string, noted: boolean) =>
    vi.waitFor(async () => expect((await record(conversationId)).visitorLeftAt !== null).toBe(noted));

  /** A waiting citizen whose place is kept as the chat app keeps it: from its own views and the queue's deltas. */
  async function waitingCitizen() {
    // One second apart, as people arrive: each sorts after the one before.
    clock.advance(SECOND);
    const chat = await startChat(test.url);
    let view = chat.conversation;
    let place = placeFromView(view, null, Date.now());
    chat.socket.on('queue:changed', ({ changes }) => {
      if (place === null) return;
      const followed = applyChanges(place, changes, Date.now());
      if (followed.resync) throw new Error('a queue change was missed');
      place = followed.place;
    });
    chat.socket.on('conversation:updated', (conversation) => {
      if (!isNewer(conversation, view)) return;
      view = conversation;
      place = placeFromView(conversation, place, Date.now());
    });
    return { ...chat, place: () => (place === null ? view.queuePosition : shownPosition(place)) };
  }

  it('closes the chat of a waiting citizen gone past the grace as abandoned: it leaves the queue, the others move up, it is counted', async () => {
    const agent = await onlineAgent(test.url, services().auth);
    const first = await waitingCitizen();
    const second = await waitingCitizen();
    const third = await waitingCitizen();
    await vi.waitFor(() => expect([first.place(), second.place(), third.place()]).toEqual([1, 2, 3]));

    first.socket.disconnect();
    await departureNoted(first.conversationId, true);
    clock.advance(GRACE - 1);
    await sweep();
    expect((await record(first.conversationId)).status).toBe('queued');

    const left = nextEvent<AgentQueueChange>(agent.socket, 'queue:changed', (change) => change.kind === 'left');
    clock.advance(1);
    await sweep();
    expect(await record(first.conversationId)).toMatchObject({ status: 'closed', closedBy: 'system', closeReason: 'abandoned' });
    expect(await left).toMatchObject({ queueId: 'permits-fr', kind: 'left', id: first.conversationId });
    await vi.waitFor(() => expect([second.place(), third.place()]).toEqual([1, 2]));
    const counter = abandonedCounter('permits-fr', clock.now());
    expect(await services().store.counters.read([counter])).toEqual({ [counter]: 1 });
    // The console no longer lists it.
    const snapshot = await ask(agent.socket, 'console:sync', {});
    expect(snapshot.ok && snapshot.queue.map((entry) => entry.id)).toEqual([second.conversationId, third.conversationId]);
  });

  it('keeps the chat of a citizen who reloads within the grace', async () => {
    const citizen = await startChat(test.url);
    citizen.socket.disconnect();
    await departureNoted(citizen.conversationId, true);
    clock.advance(GRACE - SECOND);
    const reloaded = await connectVisitor(test.url, { token: citizen.token });
    await departureNoted(citizen.conversationId, false);
    clock.advance(GRACE);
    await sweep();
    expect((await record(citizen.conversationId)).status).toBe('queued');
    const synced = await ask(reloaded, 'conversation:sync', { afterSeq: 0 });
    expect(synced).toMatchObject({ ok: true, conversation: { status: 'queued', queuePosition: 1 } });
  });

  it('does not count a citizen as gone while another of their tabs is connected', async () => {
    const citizen = await startChat(test.url);
    const otherTab = await connectVisitor(test.url, { token: citizen.token });
    citizen.socket.disconnect();
    clock.advance(2 * GRACE);
    await sweep();
    expect(await record(citizen.conversationId)).toMatchObject({ status: 'queued', visitorLeftAt: null });
    expect(otherTab.connected).toBe(true);
  });

  it('shows the agent at once that the citizen of a chat in progress left, and that they are back; closes it after the timeout, with a notice', async () => {
    const agent = await onlineAgent(test.url, services().auth);
    const citizen = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: citizen.conversationId });

    const gone = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.visitorLeftAt !== null);
    citizen.socket.disconnect();
    expect(await gone).toMatchObject({ status: 'active', visitorLeftAt: new Date(clock.now()).toISOString() });

    const back = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.visitorLeftAt === null);
    const returned = await connectVisitor(test.url, { token: citizen.token });
    expect(await back).toMatchObject({ status: 'active' });

    const goneAgain = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.visitorLeftAt !== null);
    returned.disconnect();
    await goneAgain;
    clock.advance(GONE - 1);
    await sweep();
    expect((await record(citizen.conversationId)).status).toBe('active');

    const closed = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.status === 'closed');
    const notice = nextEvent<Message>(agent.socket, 'message:created', (m) => m.author.kind === 'system');
    clock.advance(1);
    await sweep();
    expect(await closed).toMatchObject({ closedBy: 'system', closeReason: 'visitor_gone' });
    expect((await notice).text).toMatch(/^Ce clavardage a été fermé parce que la fenêtre/);
  });

  it('warns a silent citizen before closing, lets them stay with one command, and closes a chat that stays silent, with a notice', async () => {
    const agent = await onlineAgent(test.url, services().auth);
    const citizen = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: citizen.conversationId });

    clock.advance(IDLE - WARNING);
    const warned = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.idleWarning !== null);
    const agentSeesWarning = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.idleWarning !== null);
    await sweep();
    expect((await warned).idleWarning).toEqual({ closesAt: new Date(clock.now() + WARNING).toISOString(), secondsLeft: WARNING / SECOND });
    await agentSeesWarning;

    clock.advance(WARNING - SECOND);
    const relieved = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.idleWarning === null);
    const stayed = await ask(citizen.socket, 'conversation:extend', {});
    expect(stayed).toMatchObject({ ok: true, conversation: { status: 'active', idleWarning: null } });
    await relieved;
    clock.advance(SECOND);
    await sweep();
    expect((await record(citizen.conversationId)).status).toBe('active');

    // Silent again: warned again, and closed once the warning has stood its time.
    clock.advance(IDLE - WARNING);
    await sweep();
    expect((await record(citizen.conversationId)).idleWarnedAt).toBe(clock.now());
    const closed = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.status === 'closed');
    const notice = nextEvent<Message>(citizen.socket, 'message:created', (m) => m.author.kind === 'system');
    clock.advance(WARNING);
    await sweep();
    expect(await closed).toMatchObject({ closedBy: 'system', closeReason: 'visitor_inactive', idleWarning: null });
    expect((await notice).text).toMatch(/aucune activité/);
    expect(await ask(citizen.socket, 'conversation:extend', {})).toMatchObject({ ok: false, error: { code: 'conversation_closed' } });
  });

  it('counts the citizen writing as activity, so a warning goes away and no close follows', async () => {
    const agent = await onlineAgent(test.url, services().auth);
    const citizen = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: citizen.conversationId });
    clock.advance(IDLE - WARNING);
    await sweep();
    const relieved = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.idleWarning === null);
    await ask(citizen.socket, 'message:send', { clientId: randomUUID(), text: 'Je suis là.' });
    await relieved;
    clock.advance(WARNING);
    await sweep();
    expect(await record(citizen.conversationId)).toMatchObject({ status: 'active', idleWarnedAt: null });
  });

  it('carries the agent’s "are you still there?" to the citizen as a message from the service, in the chat’s language, within limits', async () => {
    const agent = await onlineAgent(test.url, services().auth);
    const other = await onlineAgent(test.url, services().auth);
    const citizen = await startChat(test.url, { language: 'fr' });
    await ask(agent.socket, 'conversation:accept', { conversationId: citizen.conversationId });

    const received = nextEvent<Message>(citizen.socket, 'message:created', (m) => m.author.kind === 'system');
    const asked = await ask(agent.socket, 'conversation:ask-still-there', { conversationId: citizen.conversationId, clientId: randomUUID() });
    expect(asked).toMatchObject({ ok: true, message: { author: { kind: 'system', name: null }, text: expect.stringMatching(/^Êtes-vous toujours là\?/) } });
    // Citizens never see which account asked.
    expect(await received).toMatchObject({ author: { kind: 'system', agentId: null }, text: expect.stringMatching(/^Êtes-vous toujours là\?/) });

    expect(await ask(other.socket, 'conversation:ask-still-there', { conversationId: citizen.conversationId, clientId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(agent.socket, 'conversation:ask-still-there', { conversationId: citizen.conversationId, clientId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    await ask(agent.socket, 'conversation:ask-still-there', { conversationId: citizen.conversationId, clientId: randomUUID() });
    expect(await ask(agent.socket, 'conversation:ask-still-there', { conversationId: citizen.conversationId, clientId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    // The question is not the citizen's activity: their silence still counts from the answer.
    expect((await services().store.conversations.idleSince()).get(citizen.conversationId)).toBe((await record(citizen.conversationId)).assignedAt);
  });

  it('refuses "stay in the chat" with a payload, or before a chat has started, and answers it for a waiting chat without change', async () => {
    const fresh = await connectVisitor(test.url);
    expect(await ask(fresh, 'conversation:extend', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const citizen = await startChat(test.url);
    expect(await ask(citizen.socket, 'conversation:extend', { conversationId: 'x' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(citizen.socket, 'conversation:extend', {})).toMatchObject({ ok: true, conversation: { status: 'queued', version: 1 } });
  });
});
