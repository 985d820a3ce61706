/**
 * Redaction over real sockets (issue #10, "Privacy"): the citizen's acknowledgement names the kinds
 * removed and carries the redacted message; the agent hears only the redacted text, and the agent's
 * own message is redacted the same way before the citizen hears it. A manager switches the site's
 * optional kinds on through `admin:sites:update` (validated: a quick exit to anything but https is
 * refused and changes nothing), and the next message follows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/models.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, signIn, startChat } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe('redaction through the real server', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => {
    closeAllSockets();
    await test.close();
  });

  it('relays and acknowledges only the redacted text, both ways, and follows the site settings a manager sets', async () => {
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alex' });
    const visitor = await startChat(test.url, { visitorName: 'Marie', topicId: 'permits', language: 'fr' });
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId })).toMatchObject({ ok: true });

    const agentHears = nextEvent<Message>(agent.socket, 'message:created', (message) => message.clientId === 'visitor-sin-1');
    const sent = await ask(visitor.socket, 'message:send', { clientId: 'visitor-sin-1', text: 'Mon NAS : 046-454-286, tél. 613-555-0199' });
    expect(sent).toMatchObject({ ok: true, redacted: ['sin'], message: { text: 'Mon NAS : [redacted:sin], tél. 613-555-0199' } });
    expect((await agentHears).text).toBe('Mon NAS : [redacted:sin], tél. 613-555-0199');

    const citizenHears = nextEvent<Message>(visitor.socket, 'message:created', (message) => message.clientId === 'agent-card-1');
    const answered = await ask(agent.socket, 'message:send', { conversationId: visitor.conversationId, clientId: 'agent-card-1', text: 'Carte 4111 1111 1111 1111?' });
    expect(answered).toMatchObject({ ok: true, redacted: ['card'], message: { text: 'Carte [redacted:card]?' } });
    expect((await citizenHears).text).toBe('Carte [redacted:card]?');

    const manager = await connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
    const refused = await ask(manager, 'admin:sites:update', { siteId: 'demo', quickExit: { enabled: true, url: 'javascript:alert(1)' }, redaction: { phone: true, email: false, postalCode: false } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const changed = await ask(manager, 'admin:sites:update', { siteId: 'demo', redaction: { phone: true, email: false, postalCode: false } });
    expect(changed).toMatchObject({ ok: true, site: { redaction: { phone: true, email: false, postalCode: false }, quickExit: { enabled: false } } });
    expect(changed.ok && changed.site.privacyNotice?.legalAuthority.en).toMatch(/Northvale Public Services Act/);

    // The site's settings are read at most once a second per node.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await ask(visitor.socket, 'message:send', { clientId: 'visitor-phone-1', text: 'Rappelez-moi au 613-555-0199' });
    expect(later).toMatchObject({ ok: true, redacted: ['phone'], message: { text: 'Rappelez-moi au [redacted:phone]' } });
  });
});
