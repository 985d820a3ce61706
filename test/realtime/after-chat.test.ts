/**
 * After the chat (issue #10), through the real server: every chat gets its own reference number,
 * shown to the citizen and the agent; the citizen downloads their own transcript (and nobody
 * else's); the survey is answered once, after the chat has ended, and published for reports.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseReference } from '../../server/domain/reference-number.js';
import type { DomainEvent } from '../../server/services/events.js';
import { ask, closeAllSockets, connectVisitor, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('after the chat', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer();
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  const download = (body: unknown, headers: Record<string, string> = { origin: test.url }) =>
    fetch(`${test.url}/api/widget/transcript`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('gives every chat its own reference, shown to the citizen and to the agent', async () => {
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alex' });
    const chats = await Promise.all([1, 2, 3].map(() => startChat(test.url, { topicId: 'permits', language: 'fr' })));
    const references = chats.map((chat) => chat.conversation.reference);
    expect(new Set(references).size).toBe(3);
    for (const reference of references) expect(normaliseReference(reference)).toBe(reference);
    const accepted = await ask(agent.socket, 'conversation:accept', { conversationId: chats[0]!.conversationId });
    expect(accepted).toMatchObject({ ok: true, conversation: { reference: references[0] } });
  });

  it('lets the citizen download their own transcript, and nobody else’s', async () => {
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alex Martin', publicName: 'Alex' });
    const mine = await startChat(test.url, { topicId: 'permits', language: 'fr', visitorName: 'Marie' });
    const theirs = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await ask(agent.socket, 'conversation:accept', { conversationId: mine.conversationId });
    await ask(mine.socket, 'message:send', { clientId: randomUUID(), text: '=1+1 <b>Bonjour</b>' });
    await ask(agent.socket, 'message:send', { conversationId: mine.conversationId, clientId: randomUUID(), text: 'Bonjour Marie' });

    // During the chat.
    const response = await download({ site: 'demo', token: mine.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="transcription-${mine.conversation.reference}.txt"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await response.text();
    expect(text).toContain('Transcription de clavardage\r\n');
    expect(text).toContain(`Référence: ${mine.conversation.reference}\r\n`);
    expect(text).toContain('Organisation: ');
    expect(text).toContain('Fuseau horaire: ');
    expect(text).toMatch(/\] Vous: =1\+1 <b>Bonjour<\/b>\r\n/);
    // The citizen's copy names the agent as the citizen saw them: the public name, not the account's.
    expect(text).toContain('] Alex: Bonjour Marie\r\n');
    expect(text).not.toContain('Martin');
    expect(text).not.toContain(mine.conversationId);

    // Another visitor's conversation: a made-up secret opens nothing, the right token on another site neither.
    const forged = `${theirs.conversationId}.${'0'.repeat(64)}`;
    expect((await download({ site: 'demo', token: forged })).status).toBe(401);
    expect((await download({ site: 'other-site', token: theirs.token })).status).toBeGreaterThanOrEqual(400);
    // From another origin, without one, or with the token anywhere but in the body: refused.
    expect((await download({ site: 'demo', token: mine.token }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await download({ site: 'demo', token: mine.token }, {})).status).toBe(403);
    expect((await download({ site: 'demo', token: mine.token, extra: 1 })).status).toBe(400);
    expect((await download({ site: 'demo' })).status).toBe(400);

    // After the chat, still; then the rate per conversation stops a loop.
    await ask(mine.socket, 'conversation:end', {});
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await download({ site: 'demo', token: mine.token })).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('takes the survey once, only after the chat has ended, and publishes it for reports', async () => {
    const published: DomainEvent[] = [];
    test.server.services.events.subscribe((event) => {
      if (event.type === 'survey.answered') published.push(event);
    });
    const chat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    expect(chat.conversation.surveyAnswered).toBe(false);
    const early = await ask(chat.socket, 'survey:answer', { satisfaction: 5, alternative: 'phone' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await ask(chat.socket, 'conversation:end', {});
    // Malformed answers on a connection of their own (each connection has its rate for the command).
    const other = await connectVisitor(test.url, { token: chat.token });
    for (const bad of [{ satisfaction: 6, alternative: null }, { satisfaction: null, alternative: 'fax' }, { satisfaction: null, alternative: null }, { satisfaction: 3 }]) {
      expect(await ask(other, 'survey:answer', bad as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    const answered = await ask(chat.socket, 'survey:answer', { satisfaction: 4, alternative: 'would_not_have_contacted' });
    expect(answered).toMatchObject({ ok: true, conversation: { surveyAnswered: true } });
    // Answering again, from this window or another, is refused.
    const again = await ask(other, 'survey:answer', { satisfaction: 1, alternative: 'phone' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });

    expect(published).toEqual([
      expect.objectContaining({
        type: 'survey.answered',
        conversationId: chat.conversationId,
        siteId: 'demo',
        queueId: 'permits-fr',
        topicId: 'permits',
        language: 'fr',
        answered: false,
        satisfaction: 4,
        alternative: 'would_not_have_contacted',
      }),
    ]);
    expect((await test.server.services.store.conversations.get(chat.conversationId))!.survey).toMatchObject({ satisfaction: 4, alternative: 'would_not_have_contacted' });
  });
});
