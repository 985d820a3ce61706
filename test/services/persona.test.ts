/**
 * A site's persona at the service level (issue #10): the default for a site with none, saving by
 * compare-and-set, the domain's checks refusing bad colours and templates with nothing changed,
 * managers only, every save audited as `persona.updated`, and the avatar image sniffed and bounded.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PersonaFields } from '../../protocol/persona.js';
import { AVATAR_MAX_BYTES } from '../../protocol/persona-rules.js';
import { loadConfig } from '../../server/config.js';
import type { Agent } from '../../server/domain/entities.js';
import { defaultPersonaFields, PERSONA_PRESETS } from '../../server/domain/persona.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { seed } from '../../server/services/seed.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });
}

describe('persona service', () => {
  let clock: ManualClock;
  let services: Services;
  let manager: Agent;
  let supervisor: Agent;
  let agent: Agent;
  const auditEntries = async () => (await services.audit.page({ limit: 100 })).entries.reverse();
  const canada = (): PersonaFields => ({
    ...defaultPersonaFields(),
    name: { en: 'Sam', fr: 'Sam' },
    colours: { ...PERSONA_PRESETS[1]!.colours },
    fontStack: PERSONA_PRESETS[1]!.fontStack,
    toneNotes: 'Plain language; no jargon.',
  });

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2026-11-02T14:00:00Z'));
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await seed(loadConfig({}), services.store, services.auth);
    const byEmail = async (email: string) => (await services.store.agents.findByEmail(email))!;
    manager = await byEmail('manager@demo.test');
    supervisor = await byEmail('supervisor@demo.test');
    agent = await byEmail('agent@demo.test');
  });

  it('answers the default (neutral preset, the widget’s texts) for a site with none, with the presets', async () => {
    const { persona, presets } = await services.personas.get(manager, 'demo');
    expect(persona).toMatchObject({ siteId: 'demo', version: 0, ...defaultPersonaFields() });
    expect(presets.map((preset) => preset.id)).toEqual(['neutral', 'canada', 'ontario']);
    expect(await services.personas.forWidget('demo')).toMatchObject({ colours: PERSONA_PRESETS[0]!.colours, templates: defaultPersonaFields().templates });
    expect(await services.personas.launcher('demo', 'fr')).toEqual({
      label: 'Clavarder avec nous',
      labels: { en: 'Chat with us', fr: 'Clavarder avec nous' },
      corner: 'bottom-right',
    });
  });

  it('saves by compare-and-set, audited as persona.updated with before and after', async () => {
    const saved = await services.personas.save(manager, 'demo', 0, canada());
    expect(saved).toMatchObject({ version: 1, updatedBy: manager.id, updatedAt: clock.now(), colours: { brand: '#26374a' } });
    expect((await services.personas.get(manager, 'demo')).persona).toEqual(saved);
    // A save from the version before (another manager's screen) is refused, and changes nothing.
    await expectCode(services.personas.save(manager, 'demo', 0, { ...canada(), corner: 'bottom-left' }), 'conflict');
    clock.advance(60_000);
    const second = await services.personas.save(manager, 'demo', 1, { ...canada(), corner: 'bottom-left' });
    expect(second.version).toBe(2);
    const entries = await auditEntries();
    expect(entries.map((entry) => [entry.action, entry.target, entry.actor])).toEqual([
      ['persona.updated', 'site:demo', manager.id],
      ['persona.updated', 'site:demo', manager.id],
    ]);
    expect(entries[0]!.before).toBeNull();
    expect(entries[1]!.before).toMatchObject({ version: 1, corner: 'bottom-right' });
    expect(entries[1]!.after).toMatchObject({ version: 2, corner: 'bottom-left' });
  });

  it('refuses failing colour pairs and templates, naming them, and changes nothing', async () => {
    const bad = canada();
    bad.colours.brandText = '#8a8a8a';
    bad.templates.position.fr = 'Vous êtes {rang}.';
    await expectCode(services.personas.save(manager, 'demo', 0, bad), 'invalid_payload', /brand-text-on-brand \(#8a8a8a on #26374a\) is \d\.\d\d:1; it needs 4\.5:1.*"position" template \(French\)/);
    await expectCode(services.personas.save(manager, 'demo', 0, { ...canada(), fontStack: 'x; } body { color: red' }), 'invalid_payload', /font stack/);
    expect(await services.store.personas.get('demo')).toBeNull();
    expect(await auditEntries()).toEqual([]);
  });

  it('lets managers only read or save, and knows only existing sites', async () => {
    for (const actor of [agent, supervisor]) {
      await expectCode(services.personas.get(actor, 'demo'), 'forbidden');
      await expectCode(services.personas.save(actor, 'demo', 0, canada()), 'forbidden');
      await expectCode(services.personas.uploadAvatar(actor, 'demo', PNG), 'forbidden');
    }
    await expectCode(services.personas.get(manager, 'nowhere'), 'not_found');
    await expectCode(services.personas.save(manager, 'nowhere', 0, canada()), 'not_found');
    expect(await services.store.personas.get('demo')).toBeNull();
  });

  it('stores an avatar sniffed by its bytes, bounded, and shows it only once named by its hash', async () => {
    await expectCode(services.personas.uploadAvatar(manager, 'demo', new TextEncoder().encode('<svg onload="alert(1)"/>')), 'invalid_payload', /PNG, JPEG or WebP/);
    await expectCode(services.personas.uploadAvatar(manager, 'demo', new Uint8Array(AVATAR_MAX_BYTES + 1).fill(0xff)), 'invalid_payload', /100 KB/);
    await expectCode(services.personas.uploadAvatar(manager, 'demo', new Uint8Array()), 'invalid_payload');
    const image = await services.personas.uploadAvatar(manager, 'demo', PNG);
    expect(image).toMatchObject({ siteId: 'demo', contentType: 'image/png', imageHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await services.personas.avatar('demo', image.imageHash)).toMatchObject({ base64: Buffer.from(PNG).toString('base64') });
    expect(await services.personas.avatar('demo', 'f'.repeat(64))).toBeNull();
    // A persona naming another image (not uploaded here) is refused.
    await expectCode(services.personas.save(manager, 'demo', 0, { ...canada(), avatar: { kind: 'image', imageHash: 'f'.repeat(64) } }), 'invalid_payload', /avatar image/);
    const saved = await services.personas.save(manager, 'demo', 0, { ...canada(), avatar: { kind: 'image', imageHash: image.imageHash } });
    expect(saved.avatar).toEqual({ kind: 'image', imageHash: image.imageHash });
    expect((await auditEntries()).map((entry) => entry.action)).toEqual(['persona.avatar-uploaded', 'persona.updated']);
  });
});
