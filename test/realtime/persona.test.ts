/**
 * The persona on real sockets and HTTP (issue #10): `admin:persona:*` for managers only, bad input
 * answered with a clear error and nothing changed; the avatar upload (managers, session cookie,
 * same origin, sniffed type, size, rate) and its serving (type, long cache, nosniff); and the
 * persona reaching the widget as data: `/api/widget/site` and the loader's offer.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonaFieldsInput } from '../../protocol/persona.js';
import { defaultPersonaFields, PERSONA_PRESETS } from '../../server/domain/persona.js';
import { ask, closeAllSockets, connectAgent, signIn, type AgentSocket } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);

describe('persona commands and routes', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  async function account(role: 'agent' | 'supervisor'): Promise<{ socket: AgentSocket; cookie: string }> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    await test.server.services.auth.createAccount({ email, password: 'a-long-enough-password', displayName: role, role, queueIds: [] });
    const cookie = await signIn(test.url, email, 'a-long-enough-password');
    return { socket: await connectAgent(test.url, cookie), cookie };
  }
  async function manager(): Promise<{ socket: AgentSocket; cookie: string }> {
    const cookie = await signIn(test.url, MANAGER.email, MANAGER.password);
    return { socket: await connectAgent(test.url, cookie), cookie };
  }
  const upload = (cookie: string | null, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, site = 'demo') =>
    fetch(`${test.url}/api/admin/persona/avatar?site=${site}`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...(cookie === null ? {} : { cookie }), ...headers },
      body,
    });

  it('lets managers read and save, refuses other roles and bad input, and changes nothing then', async () => {
    const boss = await manager();
    const got = await ask(boss.socket, 'admin:persona:get', { siteId: 'demo' });
    if (!got.ok) throw new Error(got.error.code);
    expect(got.persona).toMatchObject({ siteId: 'demo', version: 0, updatedAt: null });
    expect(got.presets.map((preset) => preset.id)).toEqual(['neutral', 'canada', 'ontario']);

    for (const role of ['agent', 'supervisor'] as const) {
      const { socket } = await account(role);
      expect(await ask(socket, 'admin:persona:get', { siteId: 'demo' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ask(socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: defaultPersonaFields() })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }

    const fields: PersonaFieldsInput = { ...defaultPersonaFields(), colours: { ...PERSONA_PRESETS[2]!.colours, brand: '#1A1A1A' } };
    // Shape: a colour that is not #rrggbb, a field too many.
    expect(await ask(boss.socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: { ...fields, colours: { ...fields.colours, text: 'red' } } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(boss.socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: { ...fields, css: 'x' } as never })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // Contrast: the pair and its ratio are named.
    const failing = await ask(boss.socket, 'admin:persona:save', {
      siteId: 'demo',
      expectedVersion: 0,
      persona: { ...fields, colours: { ...fields.colours, focus: '#cccccc' } },
    });
    expect(failing).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('focus-on-background (#cccccc on #ffffff) is 1.60:1; it needs 3:1') } });
    expect(await test.server.services.store.personas.get('demo')).toBeNull();

    const saved = await ask(boss.socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: fields });
    expect(saved).toMatchObject({ ok: true, persona: { version: 1, colours: { brand: '#1a1a1a' } } });
    expect(await ask(boss.socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: fields })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('uploads an avatar for managers only, from the console’s origin, sniffed and bounded, and serves it', async () => {
    const boss = await manager();
    const { cookie: agentCookie } = await account('agent');
    expect((await upload(null, PNG)).status).toBe(401);
    expect((await upload(agentCookie, PNG)).status).toBe(403);
    expect((await upload(boss.cookie, PNG, { origin: 'https://evil.test' })).status).toBe(403);
    expect((await upload(boss.cookie, PNG, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // The type comes from the bytes, not the header.
    const svg = await upload(boss.cookie, new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(svg.status).toBe(400);
    expect((await svg.json()).error.message).toMatch(/PNG, JPEG or WebP/);
    expect((await upload(boss.cookie, new Uint8Array(100 * 1024 + 1).fill(0xff), { 'content-type': 'image/jpeg' })).status).toBe(413);
    expect((await upload(boss.cookie, PNG, {}, 'nowhere')).status).toBe(404);
    expect((await upload(boss.cookie, PNG, {}, 'Bad Id!')).status).toBe(400);

    const ok = await upload(boss.cookie, PNG, { 'content-type': 'application/octet-stream', 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(200);
    const { imageHash, contentType } = (await ok.json()) as { imageHash: string; contentType: string };
    expect(contentType).toBe('image/png');

    const served = await fetch(`${test.url}/chat/avatar/demo/${imageHash}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${test.url}/chat/avatar/demo/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${test.url}/chat/avatar/demo/not-a-hash`)).status).toBe(400);

    // A few uploads a minute per account.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await upload(boss.cookie, PNG)).status);
    expect(statuses).toContain(429);
  });

  it('gives the widget the persona as data: the site answer and the loader’s launcher', async () => {
    const boss = await manager();
    const fields = {
      ...defaultPersonaFields(),
      name: { en: 'Sam', fr: 'Sam' },
      toneNotes: 'Internal only.',
      launcherLabel: { en: 'Ask Sam', fr: 'Demandez à Sam' },
      corner: 'bottom-left' as const,
      colours: { ...PERSONA_PRESETS[1]!.colours },
    };
    expect(await ask(boss.socket, 'admin:persona:save', { siteId: 'demo', expectedVersion: 0, persona: fields })).toMatchObject({ ok: true });
    // The widget's cache holds a persona for a second at most.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const site = await (await fetch(`${test.url}/api/widget/site?site=demo`)).json();
    expect(site.persona).toMatchObject({ name: { en: 'Sam' }, colours: { brand: '#26374a' } });
    expect(JSON.stringify(site)).not.toContain('Internal only');
    // Any agent reads the tone notes (shown beside a chat from the site); managers only the rest.
    const { socket: agentSocket } = await account('agent');
    expect(await ask(agentSocket, 'persona:tone-notes', { siteId: 'demo' })).toEqual({ ok: true, toneNotes: 'Internal only.' });
    expect(await ask(agentSocket, 'persona:tone-notes', { siteId: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const query = new URLSearchParams({ site: 'demo', page: `${test.url}/`, lang: 'fr', visitor: 'a'.repeat(32) });
    const offer = await (await fetch(`${test.url}/api/widget/offer?${query}`)).json();
    expect(offer).toMatchObject({ offered: true, launcher: { label: 'Demandez à Sam', labels: { en: 'Ask Sam', fr: 'Demandez à Sam' }, corner: 'bottom-left' } });
  });
});
