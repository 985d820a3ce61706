/**
 * The store contract: what every Store implementation must do, run against each one
 * (memory-store.test.ts and redis-store.test.ts). Write a behaviour here once, never per store.
 */
import { createHash } from 'node:crypto';
import { chainEntry, verifyChain, type AuditRecord } from '../../server/domain/audit-log.js';
import { approveChange, proposeChange, withdrawChange, type RolloutChange } from '../../server/domain/rollout-changes.js';
import { defaultPolicy } from '../../server/domain/rollout-policy.js';
import { emptyStaffingPlan } from '../../server/domain/staffing-plan.js';
import { defaultPersona, type Persona } from '../../server/domain/persona.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignConversation, closeConversation, openConversation, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Agent, Conversation, ConversationNote, InboxItem, MessageDraft } from '../../server/domain/entities.js';
import { answerInboxItem, newInboxItem } from '../../server/domain/inbox.js';
import { transferConversation } from '../../server/domain/transfer.js';
import { expireWrapUp, NOT_RECORDED, recordWrapUp } from '../../server/domain/wrap-up.js';
import { HOUR_MS, noDims, type ReportCell, type ReportFact } from '../../server/domain/reports.js';
import { presenceFacts } from '../../server/domain/visitor-presence.js';
import { DECIDED_CHANGES_KEPT, type AppendResult, type Store } from '../../server/stores/store.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

export function conversation(id: string, queuedAt = T0, queueId = 'general'): Conversation {
  return openConversation(
    {
      id,
      siteId: 'demo',
      queueId,
      topicId: 'benefits',
      language: 'en',
      visitorName: null,
      pageUrl: 'https://example.test/',
      pageTitle: null,
      visitorTokenHash: 'h',
      reference: 'K7M-4QX',
    },
    queuedAt,
  );
}

function agent(id: string, email: string): Agent {
  return {
    id,
    email,
    displayName: id,
    role: 'agent',
    passwordHash: 'scrypt$…',
    maxConcurrentChats: 2,
    languages: ['en'],
    queueIds: ['general'],
    createdAt: T0,
    active: true,
    sessionEpoch: 0,
    passwordLink: null,
    version: 1,
  };
}

function inboxItem(id: string, queueId: string, createdAt: number): InboxItem {
  return newInboxItem(
    { id, siteId: 'demo', queueId, topicId: 'permits', language: 'fr', email: 'marie@example.test', text: `Message ${id.slice(0, 4)}`, pageUrl: 'https://example.test/page?q=1' },
    createdAt,
  );
}

function draft(conversationId: string, clientId: string, text = 'hello'): MessageDraft {
  return {
    id: `m-${clientId}`,
    conversationId,
    clientId,
    author: { kind: 'visitor', agentId: null, name: null },
    text,
    sentAt: T0,
  };
}

type AgentNote = Extract<ConversationNote, { kind: 'agent' }>;

function note(conversationId: string, clientId: string, change: Partial<AgentNote> = {}): AgentNote {
  return {
    kind: 'agent',
    id: `n-${clientId}-${change.agentId ?? 'a1'}`,
    conversationId,
    clientId,
    agentId: 'a1',
    authorName: 'Alex',
    text: `note ${clientId}`,
    createdAt: T0,
    ...change,
  };
}

/** The result of an append that must have stored (or found) the message. */
async function stored(result: Promise<AppendResult>): Promise<Extract<AppendResult, { outcome: 'stored' }>> {
  const outcome = await result;
  if (outcome.outcome !== 'stored') throw new Error(`append was ${outcome.outcome}`);
  return outcome;
}

/**
 * A store under test, and a way to open more handles on the same state: another client of the
 * same Redis (as another server node has), or the same object for the in-memory store.
 */
export interface StoreFixture {
  store: Store;
  peer(): Promise<Store>;
  close(): Promise<void>;
}

export function describeStoreContract(name: string, createFixture: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('answers ping when it can serve', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps sites and returns copies, not the stored object', async () => {
      const site = {
        id: 's',
        name: { en: 'S', fr: 'S' },
        allowedOrigins: ["'self'"],
        chatEnabled: true,
        topics: [],
        hours: { timeZone: 'America/Toronto', weekly: { mon: [{ opens: '08:30', closes: '16:30' }] }, holidays: ['2026-12-25'], lastAdmissionMinutes: 15 },
        otherWays: [{ kind: 'phone' as const, text: { en: '1-800', fr: '1-800' }, href: null }],
        selfService: [{ label: { en: 'Status', fr: 'État' }, url: { en: 'https://x.test/en', fr: 'https://x.test/fr' } }],
      };
      await store.sites.put(site);
      const read = await store.sites.get('s');
      expect(read).toEqual(site);
      read!.chatEnabled = false;
      expect((await store.sites.get('s'))?.chatEnabled).toBe(true);
      expect(await store.sites.get('missing')).toBeNull();
      expect((await store.sites.list()).map((s) => s.id)).toEqual(['s']);
    });

    it("keeps a site's privacy settings as given, and reads a site stored without them as without them", async () => {
      const bilingual = { en: 'Text', fr: 'Texte' };
      const site = {
        id: 'private',
        name: { en: 'P', fr: 'P' },
        allowedOrigins: [],
        chatEnabled: true,
        topics: [],
        hours: null,
        otherWays: [],
        selfService: [],
        redaction: { phone: true, email: false, postalCode: true },
        privacyNotice: {
          legalAuthority: bilingual,
          purpose: bilingual,
          retention: bilingual,
          personalInformationBank: bilingual,
          contact: bilingual,
          fullNoticeUrl: { en: 'https://x.test/en/privacy', fr: 'https://x.test/fr/confidentialite' },
        },
        quickExit: { enabled: true, url: 'https://weather.example/' },
      };
      await store.sites.put(site);
      expect(await store.sites.get('private')).toEqual(site);
      const { redaction: _r, privacyNotice: _p, quickExit: _q, ...older } = site;
      await store.sites.put({ ...older, id: 'older' });
      const read = (await store.sites.get('older'))!;
      expect([read.redaction, read.privacyNotice, read.quickExit]).toEqual([undefined, undefined, undefined]);
      expect(await store.sites.replace({ ...read, quickExit: { enabled: true, url: 'https://weather.example/' } }, read)).toBe(true);
      expect((await store.sites.get('older'))!.quickExit).toEqual({ enabled: true, url: 'https://weather.example/' });
    });

    it('adds a site or a queue only under an id not taken, once when two nodes race', async () => {
      const site = { id: 'new', name: { en: 'N', fr: 'N' }, allowedOrigins: [], chatEnabled: true, topics: [], hours: null, otherWays: [], selfService: [] };
      const results = await Promise.all([store.sites.insert(site), store.sites.insert({ ...site, chatEnabled: false })]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.sites.get('new'))!.chatEnabled).toBe(results[0]);
      expect((await store.sites.list()).map((s) => s.id)).toContain('new');
      const queue = { id: 'q-new', name: { en: 'Q', fr: 'Q' }, language: 'en' as const, mode: 'automatic' as const };
      expect(await store.queues.insert(queue)).toBe(true);
      expect(await store.queues.insert({ ...queue, mode: 'agents_pick' })).toBe(false);
      expect(await store.queues.get('q-new')).toEqual(queue);
      expect((await store.queues.list()).map((q) => q.id)).toContain('q-new');
    });

    it('replaces a site or a queue only if it is still as read (compare-and-set), once when two nodes race', async () => {
      const site = { id: 'cas', name: { en: 'N', fr: 'N' }, allowedOrigins: [], chatEnabled: true, topics: [], hours: null, otherWays: [], selfService: [] };
      await store.sites.put(site);
      const read = (await store.sites.get('cas'))!;
      const results = await Promise.all([
        store.sites.replace({ ...read, chatEnabled: false }, read),
        store.sites.replace({ ...read, name: { en: 'Other', fr: 'Autre' } }, read),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = (await store.sites.get('cas'))!;
      expect(stored).toEqual(results[0] ? { ...read, chatEnabled: false } : { ...read, name: { en: 'Other', fr: 'Autre' } });
      expect(await store.sites.replace({ ...read, chatEnabled: false }, read)).toBe(false);
      expect(await store.sites.replace({ ...site, id: 'gone' }, { ...site, id: 'gone' })).toBe(false);
      const queue = { id: 'q-cas', name: { en: 'Q', fr: 'Q' }, language: 'en' as const, mode: 'automatic' as const };
      await store.queues.put(queue);
      expect(await store.queues.replace({ ...queue, mode: 'agents_pick' }, queue)).toBe(true);
      expect(await store.queues.replace({ ...queue, language: 'fr' }, queue)).toBe(false);
      expect(await store.queues.get('q-cas')).toEqual({ ...queue, mode: 'agents_pick' });
    });

    it('keeps one account per email, whatever its case', async () => {
      expect(await store.agents.insert(agent('a1', 'Alex@Example.test'))).toBe(true);
      expect(await store.agents.insert(agent('a2', 'alex@example.TEST'))).toBe(false);
      expect((await store.agents.findByEmail('ALEX@example.test'))?.id).toBe('a1');
      expect((await store.agents.get('a1'))?.email).toBe('alex@example.test');
      expect(await store.agents.findByEmail('nobody@example.test')).toBeNull();
    });

    it('keeps, replaces and deletes sessions', async () => {
      const session = { id: 'sess', agentId: 'a1', createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 1000, epoch: 2 };
      await store.sessions.put(session);
      expect(await store.sessions.get('sess')).toEqual(session);
      await store.sessions.put({ ...session, expiresAt: T0 + 5000 });
      expect((await store.sessions.get('sess'))?.expiresAt).toBe(T0 + 5000);
      await store.sessions.delete('sess');
      expect(await store.sessions.get('sess')).toBeNull();
    });

    it('keeps agent presence and lists it', async () => {
      expect(await store.presence.get('a1')).toBeNull();
      const presence = { agentId: 'a1', status: 'available' as const, since: T0, disconnectedAt: null };
      await store.presence.put(presence);
      await store.presence.put({ ...presence, agentId: 'a2', disconnectedAt: T0 + 5 });
      expect(await store.presence.get('a1')).toEqual(presence);
      expect((await store.presence.list()).map((p) => [p.agentId, p.disconnectedAt]).sort()).toEqual([
        ['a1', null],
        ['a2', T0 + 5],
      ]);
    });

    it('inserts a conversation once and lists the queue next-first', async () => {
      expect(await store.conversations.insert(conversation('late', T0 + 2))).toMatchObject({ inserted: true });
      expect(await store.conversations.insert(conversation('early', T0 + 1))).toMatchObject({ inserted: true });
      expect(await store.conversations.insert(conversation('early', T0 + 1))).toEqual({ inserted: false });
      expect((await store.conversations.listQueued()).map((c) => c.id)).toEqual(['early', 'late']);
    });

    describe('rollout governance: changes, the schedule, the audit log', () => {
      const base = defaultPolicy('demo', true);
      const change = (id: string, over: Partial<RolloutChange> = {}): RolloutChange => ({
        ...proposeChange({ id, before: base, after: { ...base, chat: { ...base.chat, share: 5 } }, reason: `step ${id}`, applyAt: null }, [], 'mgr1', T0),
        ...over,
      });

      it('keeps changes with compare-and-set, lists a site’s pending soonest first and its decided last first', async () => {
        const peer = await fixture.peer();
        const late = change('c-late', { applyAt: T0 + 3000 });
        expect(await store.rolloutChanges.put(late, 1)).toBe(false);
        expect(await store.rolloutChanges.put(late, 0)).toBe(true);
        expect(await peer.rolloutChanges.put(late, 0)).toBe(false);
        await store.rolloutChanges.put(change('c-soon', { applyAt: T0 + 1000 }), 0);
        await store.rolloutChanges.put(change('c-now'), 0);
        await store.rolloutChanges.put({ ...change('other'), siteId: 'elsewhere' }, 0);
        expect((await peer.rolloutChanges.pending('demo', 10)).map((c) => c.id)).toEqual(['c-now', 'c-soon', 'c-late']);
        expect((await peer.rolloutChanges.pending('demo', 2)).map((c) => c.id)).toEqual(['c-now', 'c-soon']);
        expect(await peer.rolloutChanges.pendingCount('demo')).toBe(3);
        expect(await peer.rolloutChanges.get('c-late')).toEqual(late);

        expect(await peer.rolloutChanges.put(withdrawChange(late), 1)).toBe(true);
        expect(await store.rolloutChanges.put({ ...late, reason: 'lost update', version: 2 }, 1)).toBe(false);
        await store.rolloutChanges.put({ ...change('c-now'), status: 'failed', failure: 'conflict', version: 2 }, 1);
        expect((await store.rolloutChanges.pending('demo', 10)).map((c) => c.id)).toEqual(['c-soon']);
        expect((await store.rolloutChanges.decided('demo', 10)).map((c) => c.id)).toEqual(['c-now', 'c-late']);
        expect((await store.rolloutChanges.decided('demo', 1)).map((c) => c.id)).toEqual(['c-now']);
        expect(await store.rolloutChanges.decided('elsewhere', 10)).toEqual([]);
        const read = (await store.rolloutChanges.get('c-soon'))!;
        read.reason = 'changed in the caller';
        expect((await store.rolloutChanges.get('c-soon'))!.reason).toBe('step c-soon');
        if (peer !== store) await peer.close();
      });

      it('keeps only the latest decided changes of a site', async () => {
        for (let i = 0; i < DECIDED_CHANGES_KEPT + 3; i++) {
          const id = `d${String(i).padStart(3, '0')}`;
          await store.rolloutChanges.put(change(id), 0);
          await store.rolloutChanges.put(withdrawChange(change(id)), 1);
        }
        const decided = await store.rolloutChanges.decided('demo', DECIDED_CHANGES_KEPT + 10);
        expect(decided).toHaveLength(DECIDED_CHANGES_KEPT);
        expect(decided[0]!.id).toBe(`d${String(DECIDED_CHANGES_KEPT + 2).padStart(3, '0')}`);
        expect(await store.rolloutChanges.get('d000')).toBeNull();
      });

      it('indexes the changes ready to apply: approved or needing none, by their time', async () => {
        const widening = proposeChange({ id: 'wide', before: base, after: { ...base, stickiness: 'session', chat: { ...base.chat, share: 100 } }, reason: 'r', applyAt: T0 + 500 }, [], 'mgr1', T0);
        const narrowing = change('narrow', { applyAt: T0 + 2000 });
        const awaiting = { ...change('awaiting'), needsApproval: true };
        await store.rolloutChanges.put({ ...widening, needsApproval: true }, 0);
        await store.rolloutChanges.put(narrowing, 0);
        await store.rolloutChanges.put(awaiting, 0);
        expect((await store.rolloutChanges.readyBy(T0 + 5000, 10)).map((c) => c.id)).toEqual(['narrow']);
        await store.rolloutChanges.put(approveChange({ ...widening, needsApproval: true }, 'mgr2', T0 + 10), 1);
        expect((await store.rolloutChanges.readyBy(T0 + 1000, 10)).map((c) => c.id)).toEqual(['wide']);
        expect((await store.rolloutChanges.readyBy(T0 + 5000, 10)).map((c) => c.id)).toEqual(['wide', 'narrow']);
        expect((await store.rolloutChanges.readyBy(T0 + 5000, 1)).map((c) => c.id)).toEqual(['wide']);
        await store.rolloutChanges.put(withdrawChange(narrowing), 1);
        expect((await store.rolloutChanges.readyBy(T0 + 5000, 10)).map((c) => c.id)).toEqual(['wide']);
      });

      it('saves a policy with the change that made it, both or neither', async () => {
        const peer = await fixture.peer();
        const pending = change('step');
        await store.rolloutChanges.put(pending, 0);
        const applied = { ...pending, status: 'applied' as const, version: 2 };
        const next = { ...base, chat: { ...base.chat, share: 5 }, version: 2 };
        expect(await store.rolloutPolicies.saveWithChange(next, 1, applied, 1)).toBe('policy_moved');
        expect(await store.rolloutPolicies.saveWithChange(next, 0, applied, 2)).toBe('change_moved');
        expect(await store.rolloutPolicies.get('demo')).toBeNull();
        expect((await store.rolloutChanges.get('step'))!.status).toBe('pending');
        // Two nodes commit the same step: one lands.
        const results = await Promise.all([store.rolloutPolicies.saveWithChange(next, 0, applied, 1), peer.rolloutPolicies.saveWithChange(next, 0, applied, 1)]);
        expect(results.filter((result) => result === 'saved')).toHaveLength(1);
        expect(await peer.rolloutPolicies.get('demo')).toEqual(next);
        expect(await peer.rolloutChanges.get('step')).toEqual(applied);
        expect((await peer.rolloutChanges.decided('demo', 5)).map((c) => c.id)).toEqual(['step']);
        expect(await peer.rolloutChanges.pending('demo', 5)).toEqual([]);
        expect(await peer.rolloutChanges.readyBy(T0 + 10_000, 5)).toEqual([]);
        if (peer !== store) await peer.close();
      });

      it('pauses and resumes a site’s schedule, shared between handles', async () => {
        const peer = await fixture.peer();
        expect(await store.rolloutChanges.schedulePaused('demo')).toBe(false);
        expect(await store.rolloutChanges.setSchedulePaused('demo', true)).toBe(true);
        expect(await peer.rolloutChanges.setSchedulePaused('demo', true)).toBe(false);
        expect(await peer.rolloutChanges.schedulePaused('demo')).toBe(true);
        expect(await peer.rolloutChanges.schedulePaused('elsewhere')).toBe(false);
        expect(await peer.rolloutChanges.setSchedulePaused('demo', false)).toBe(true);
        expect(await store.rolloutChanges.schedulePaused('demo')).toBe(false);
        if (peer !== store) await peer.close();
      });

      it('appends audit entries only onto the last one, and reads ranges oldest first', async () => {
        const peer = await fixture.peer();
        const digest = (text: string) => createHash('sha256').update(text).digest('hex');
        const record = (n: number): AuditRecord => ({ at: T0 + n, actor: 'mgr1', action: 'rollout.proposed', target: 'site:demo', before: null, after: { n }, reason: `r${n}`, approver: null });
        expect(await store.audit.head()).toBeNull();
        const first = chainEntry(null, record(1), digest);
        expect(await store.audit.append({ ...first, seq: 2 })).toBe(false);
        expect(await store.audit.append({ ...first, previousHash: 'f'.repeat(64) })).toBe(false);
        expect(await store.audit.append(first)).toBe(true);
        expect(await peer.audit.append(first)).toBe(false);
        // Two nodes chain onto the same last entry: one lands.
        const a = chainEntry(first, record(2), digest);
        const b = chainEntry(first, record(3), digest);
        const landed = await Promise.all([store.audit.append(a), peer.audit.append(b)]);
        expect(landed.filter(Boolean)).toHaveLength(1);
        const second = landed[0] ? a : b;
        expect(await peer.audit.head()).toEqual({ seq: 2, hash: second.hash });
        const third = chainEntry(second, record(4), digest);
        expect(await peer.audit.append(third)).toBe(true);
        expect(await store.audit.range(1, 3)).toEqual([first, second, third]);
        expect(await store.audit.range(2, 10)).toEqual([second, third]);
        expect(await store.audit.range(3, 2)).toEqual([]);
        expect(verifyChain(await store.audit.range(1, 3), digest)).toBeNull();
        if (peer !== store) await peer.close();
      });
    });

    it('keeps a site’s rollout policy with compare-and-set, from none stored', async () => {
      const policy = defaultPolicy('demo', true);
      expect(await store.rolloutPolicies.get('demo')).toBeNull();
      expect(await store.rolloutPolicies.save(policy, 1)).toBe(false);
      expect(await store.rolloutPolicies.save(policy, 0)).toBe(true);
      expect(await store.rolloutPolicies.save(policy, 0)).toBe(false);
      const narrowed = { ...policy, chat: { ...policy.chat, share: 5 }, version: 2 };
      const peer = await fixture.peer();
      expect(await peer.rolloutPolicies.save(narrowed, 1)).toBe(true);
      expect(await store.rolloutPolicies.save({ ...narrowed, version: 3 }, 1)).toBe(false);
      expect(await store.rolloutPolicies.get('demo')).toEqual(narrowed);
      if (peer !== store) await peer.close();
      const read = (await store.rolloutPolicies.get('demo'))!;
      read.chat.share = 99;
      expect((await store.rolloutPolicies.get('demo'))!.chat.share).toBe(5);
    });

    it('keeps a site’s persona with compare-and-set, and one avatar image per site', async () => {
      const persona: Persona = { ...defaultPersona('demo'), version: 1, updatedAt: T0, updatedBy: 'manager-1', toneNotes: 'Warm, plain words.' };
      expect(await store.personas.get('demo')).toBeNull();
      expect(await store.personas.save(persona, 1)).toBe(false);
      expect(await store.personas.save(persona, 0)).toBe(true);
      expect(await store.personas.save(persona, 0)).toBe(false);
      const peer = await fixture.peer();
      const changed: Persona = { ...persona, colours: { ...persona.colours, brand: '#26374a' }, version: 2 };
      // Two nodes saving from the same version: one wins.
      const results = await Promise.all([peer.personas.save(changed, 1), store.personas.save({ ...changed, corner: 'bottom-left' }, 1)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const kept = (await store.personas.get('demo'))!;
      expect(kept.version).toBe(2);
      expect(await peer.personas.get('other')).toBeNull();
      kept.colours.brand = '#000000';
      expect((await store.personas.get('demo'))!.colours.brand).toBe('#26374a');

      const image = { siteId: 'demo', imageHash: 'a'.repeat(64), contentType: 'image/png', base64: 'iVBORw0KGgo=', uploadedAt: T0 };
      expect(await store.personas.getAvatar('demo')).toBeNull();
      await store.personas.putAvatar(image);
      expect(await peer.personas.getAvatar('demo')).toEqual(image);
      await peer.personas.putAvatar({ ...image, imageHash: 'b'.repeat(64) });
      expect((await store.personas.getAvatar('demo'))!.imageHash).toBe('b'.repeat(64));
      if (peer !== store) await peer.close();
    });

    it('lists only the head of each queue when given a limit', async () => {
      for (const [id, at, queueId] of [['g3', 3, 'general'], ['g1', 1, 'general'], ['g2', 2, 'general'], ['p1', 1, 'permits'], ['p2', 2, 'permits']] as const) {
        await store.conversations.insert(conversation(id, T0 + at, queueId));
      }
      expect((await store.conversations.listQueued('general', 2)).map((c) => c.id)).toEqual(['g1', 'g2']);
      expect((await store.conversations.listQueued(undefined, 1)).map((c) => c.id)).toEqual(['g1', 'p1']);
      expect((await store.conversations.listQueued('permits', 10)).map((c) => c.id)).toEqual(['p1', 'p2']);
      expect(await store.conversations.listQueued('general', 0)).toEqual([]);
    });

    it('says how each write moved a conversation in and out of its queue, one revision per change', async () => {
      const first = await store.conversations.insert(conversation('a', T0 + 1));
      const second = await store.conversations.insert(conversation('b', T0 + 2));
      const elsewhere = await store.conversations.insert(conversation('x', T0 + 3, 'french'));
      expect(first).toEqual({ inserted: true, joined: { queueId: 'general', revision: 1, key: T0 + 1, position: 1 } });
      expect(second).toMatchObject({ joined: { revision: 2, position: 2 } });
      expect(elsewhere).toMatchObject({ joined: { queueId: 'french', revision: 1, position: 1 } });
      expect(await store.conversations.queuePlace({ id: 'b', queueId: 'general' })).toEqual({ position: 2, revision: 2, key: T0 + 2 });

      const a = (await store.conversations.get('a'))!;
      const accepted = await store.conversations.save(assignConversation(a, 'agent-1', T0 + 5), a);
      expect(accepted).toEqual({ outcome: 'saved', left: { queueId: 'general', revision: 3, key: T0 + 1, position: null }, joined: null });
      expect(await store.conversations.queuePlace({ id: 'b', queueId: 'general' })).toEqual({ position: 1, revision: 3, key: T0 + 2 });
      expect(await store.conversations.queuePlace({ id: 'a', queueId: 'general' })).toBeNull();

      // Given back to the queue: it goes ahead of the chats that were waiting.
      const active = (await store.conversations.get('a'))!;
      const requeued = await store.conversations.save(requeueConversation(active, T0 + 9), active);
      expect(requeued).toMatchObject({ outcome: 'saved', left: null, joined: { queueId: 'general', revision: 4, position: 1 } });
      expect(await store.conversations.queuePlace({ id: 'b', queueId: 'general' })).toMatchObject({ position: 2, revision: 4 });
      expect(await store.conversations.queueRevisions()).toEqual({ general: 4, french: 1 });
      expect((await store.conversations.listQueued()).map((c) => c.id)).toEqual(['x', 'a', 'b']);
    });

    it('saves several changes at once, in order, and stops a group at its first failure', async () => {
      for (const id of ['q1', 'q2', 'q3', 'x1']) await store.conversations.insert(conversation(id, T0 + Number(id.slice(1)), id.startsWith('x') ? 'other' : 'general'));
      const read = async (id: string) => (await store.conversations.get(id))!;
      const [q1, q2, q3, x1] = await Promise.all(['q1', 'q2', 'q3', 'x1'].map(read));
      const guard = { agentId: 'a1', max: 1 };
      const results = await store.conversations.saveMany([
        { next: assignConversation(q1!, 'a1', T0 + 10), previous: q1!, capacity: guard, group: 'general' },
        // a1 is full now: this fails, and q3 behind it in the same group is skipped, not given to a2.
        { next: assignConversation(q2!, 'a1', T0 + 10), previous: q2!, capacity: guard, group: 'general' },
        { next: assignConversation(q3!, 'a2', T0 + 10), previous: q3!, capacity: { agentId: 'a2', max: 1 }, group: 'general' },
        // Another group goes on.
        { next: assignConversation(x1!, 'a2', T0 + 10), previous: x1!, capacity: { agentId: 'a2', max: 1 }, group: 'other' },
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['saved', 'at_capacity', 'skipped', 'saved']);
      expect(results[0]).toMatchObject({ left: { queueId: 'general', revision: 4 } });
      expect((await read('q2')).status).toBe('queued');
      expect((await read('q3')).status).toBe('queued');
      expect((await read('x1')).agentId).toBe('a2');
      expect(await store.conversations.saveMany([])).toEqual([]);
    });

    it('saves with compare-and-set: a stale version is a conflict and changes nothing', async () => {
      const original = conversation('c');
      await store.conversations.insert(original);
      const first = assignConversation(original, 'a1', T0);
      const second = assignConversation(original, 'a2', T0);
      expect((await store.conversations.save(first, original)).outcome).toBe('saved');
      expect((await store.conversations.save(second, original)).outcome).toBe('conflict');
      expect((await store.conversations.get('c'))?.agentId).toBe('a1');
      expect((await store.conversations.save(first, { ...first, version: 99 })).outcome).toBe('conflict');
    });

    it('keeps the queue and each agent’s active chats in step with status', async () => {
      const c = conversation('c');
      await store.conversations.insert(c);
      const active = assignConversation(c, 'a1', T0);
      await store.conversations.save(active, c);
      expect(await store.conversations.listQueued()).toEqual([]);
      expect((await store.conversations.listActiveByAgent('a1')).map((x) => x.id)).toEqual(['c']);

      const requeued = requeueConversation(active, T0 + 10);
      await store.conversations.save(requeued, active);
      expect(await store.conversations.listActiveByAgent('a1')).toEqual([]);
      expect((await store.conversations.listQueued()).map((x) => x.id)).toEqual(['c']);

      const closed = closeConversation(requeued, { by: 'visitor', reason: 'visitor_ended' }, T0 + 20);
      await store.conversations.save(closed, requeued);
      expect(await store.conversations.listQueued()).toEqual([]);
      expect((await store.conversations.get('c'))?.status).toBe('closed');
    });

    it('refuses an assignment beyond the agent’s capacity, atomically with the write', async () => {
      for (const id of ['c1', 'c2', 'c3']) await store.conversations.insert(conversation(id));
      const guard = { agentId: 'a1', max: 2 };
      for (const id of ['c1', 'c2']) {
        const current = (await store.conversations.get(id))!;
        expect((await store.conversations.save(assignConversation(current, 'a1', T0), current, guard)).outcome).toBe('saved');
      }
      const third = (await store.conversations.get('c3'))!;
      expect((await store.conversations.save(assignConversation(third, 'a1', T0), third, guard)).outcome).toBe('at_capacity');
      expect((await store.conversations.get('c3'))?.status).toBe('queued');
      // Saving a chat the agent already holds does not count it twice.
      const held = (await store.conversations.get('c1'))!;
      expect((await store.conversations.save({ ...held, version: held.version + 1 }, held, guard)).outcome).toBe('saved');
    });

    it('gives messages consecutive sequence numbers per conversation', async () => {
      const first = await stored(store.messages.append(draft('c1', 'client-0001')));
      const second = await stored(store.messages.append(draft('c1', 'client-0002')));
      const other = await stored(store.messages.append(draft('c2', 'client-0003')));
      expect([first.message.seq, second.message.seq, other.message.seq]).toEqual([1, 2, 1]);
      expect(await store.messages.lastSeq('c1')).toBe(2);
      expect(await store.messages.lastSeq('none')).toBe(0);
    });

    it('posts a message only while the conversation meets the condition, checked in the same step, and answers with the conversation', async () => {
      await store.conversations.insert(conversation('c1'));
      const visitor = { statuses: ['queued', 'active'] as const, heldBy: null };
      const waiting = await store.messages.post(draft('c1', 'client-0001', 'hello'), visitor);
      expect(waiting.outcome).toBe('stored');
      expect(waiting.outcome === 'stored' && waiting.conversation.id).toBe('c1');
      expect(waiting.outcome === 'stored' && waiting.message.seq).toBe(1);
      // An agent may not write in a chat they do not hold: nothing is added.
      const notHeld = await store.messages.post(
        { ...draft('c1', 'client-0002'), author: { kind: 'agent', agentId: 'a1', name: 'Alex' } },
        { statuses: ['active'], heldBy: 'a1' },
      );
      expect(notHeld.outcome).toBe('refused');
      expect(notHeld.outcome === 'refused' && notHeld.conversation?.status).toBe('queued');
      expect(await store.messages.lastSeq('c1')).toBe(1);
      const current = (await store.conversations.get('c1'))!;
      expect((await store.conversations.save(assignConversation(current, 'a1', T0), current)).outcome).toBe('saved');
      const held = await store.messages.post(
        { ...draft('c1', 'client-0002'), author: { kind: 'agent', agentId: 'a1', name: 'Alex' } },
        { statuses: ['active'], heldBy: 'a1' },
      );
      expect(held.outcome === 'stored' && held.conversation.agentId).toBe('a1');
      expect(held.outcome === 'stored' && held.message.seq).toBe(2);
      // A retry comes back as stored, once.
      const retry = await store.messages.post(draft('c1', 'client-0001', 'hello'), visitor);
      expect(retry.outcome === 'stored' && !retry.created && retry.message.seq).toBe(1);
      expect((await store.messages.post(draft('none', 'client-0003'), visitor)).outcome).toBe('refused');
      expect(await store.messages.lastSeq('none')).toBe(0);
    });

    it('stores a retried message once and returns the stored copy', async () => {
      const first = await stored(store.messages.append(draft('c1', 'client-0001', 'hello')));
      const retry = await stored(store.messages.append(draft('c1', 'client-0001', 'hello')));
      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.message).toEqual(first.message);
      expect(await store.messages.lastSeq('c1')).toBe(1);
    });

    it('keeps the same client id from each side apart', async () => {
      await store.messages.append(draft('c1', 'client-0001'));
      const fromAgent = await stored(
        store.messages.append({
          ...draft('c1', 'client-0001'),
          author: { kind: 'agent', agentId: 'a1', name: 'Alex' },
        }),
      );
      expect(fromAgent.created).toBe(true);
      expect(fromAgent.message.seq).toBe(2);
    });

    it('lists messages after a sequence number, in order, up to a limit', async () => {
      for (let i = 1; i <= 5; i++) await store.messages.append(draft('c1', `client-000${i}`, `m${i}`));
      expect((await store.messages.listAfter('c1', 0, 10)).map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      expect((await store.messages.listAfter('c1', 2, 2)).map((m) => m.seq)).toEqual([3, 4]);
      expect(await store.messages.listAfter('c1', 5, 10)).toEqual([]);
      expect(await store.messages.listAfter('none', 0, 10)).toEqual([]);
    });

    it('deletes conversations closed before the cutoff, with their messages, and keeps the rest', async () => {
      const closeAt = async (id: string, closedAt: number) => {
        await store.conversations.insert(conversation(id));
        const current = (await store.conversations.get(id))!;
        await store.conversations.save(closeConversation(current, { by: 'visitor', reason: 'visitor_ended' }, closedAt), current);
        await store.messages.append(draft(id, `client-${id}-1`));
      };
      await closeAt('old', T0);
      await closeAt('recent', T0 + 10_000);
      await store.conversations.insert(conversation('open'));
      await store.messages.append(draft('open', 'client-open-1'));

      expect(await store.conversations.deleteClosedBefore(T0 + 5_000)).toBe(1);
      expect(await store.conversations.get('old')).toBeNull();
      expect(await store.messages.listAfter('old', 0, 10)).toEqual([]);
      expect(await store.messages.lastSeq('old')).toBe(0);
      expect((await store.conversations.get('recent'))?.status).toBe('closed');
      expect(await store.messages.lastSeq('recent')).toBe(1);
      expect((await store.conversations.get('open'))?.status).toBe('queued');
      expect(await store.conversations.deleteClosedBefore(T0 + 5_000)).toBe(0);
    });

    it('indexes closed conversations by close time, newest first, pages past a cursor, and drops them at retention', async () => {
      const closeAt = async (id: string, closedAt: number) => {
        await store.conversations.insert(conversation(id));
        const current = (await store.conversations.get(id))!;
        await store.conversations.save(closeConversation(current, { by: 'visitor', reason: 'visitor_ended' }, closedAt), current);
      };
      await closeAt('h-a', T0 + 1_000);
      await closeAt('h-b', T0 + 2_000);
      await closeAt('h-c', T0 + 2_000);
      await closeAt('h-d', T0 + 3_000);
      await closeAt('h-e', T0 + 9_000);
      await store.conversations.insert(conversation('h-open'));

      const all = await store.conversations.closedBetween(T0, T0 + 10_000, null, 10);
      expect(all).toEqual([
        { id: 'h-e', closedAt: T0 + 9_000 },
        { id: 'h-d', closedAt: T0 + 3_000 },
        { id: 'h-c', closedAt: T0 + 2_000 },
        { id: 'h-b', closedAt: T0 + 2_000 },
        { id: 'h-a', closedAt: T0 + 1_000 },
      ]);
      // Both ends inclusive.
      expect((await store.conversations.closedBetween(T0 + 2_000, T0 + 3_000, null, 10)).map((e) => e.id)).toEqual(['h-d', 'h-c', 'h-b']);
      // Paging through ties at one millisecond loses and repeats nothing.
      const first = await store.conversations.closedBetween(T0, T0 + 10_000, null, 3);
      expect(first.map((e) => e.id)).toEqual(['h-e', 'h-d', 'h-c']);
      const second = await store.conversations.closedBetween(T0, T0 + 10_000, first[2]!, 3);
      expect(second.map((e) => e.id)).toEqual(['h-b', 'h-a']);
      expect(await store.conversations.closedBetween(T0, T0 + 10_000, second[1]!, 3)).toEqual([]);
      // A cursor beyond the range's end starts at the end; one before its start gives nothing.
      expect((await store.conversations.closedBetween(T0, T0 + 2_000, { id: 'h-e', closedAt: T0 + 9_000 }, 10)).map((e) => e.id)).toEqual(['h-c', 'h-b', 'h-a']);
      expect(await store.conversations.closedBetween(T0 + 2_000, T0 + 3_000, { id: 'h-a', closedAt: T0 + 1_000 }, 10)).toEqual([]);

      expect(await store.conversations.deleteClosedBefore(T0 + 2_500)).toBe(3);
      expect((await store.conversations.closedBetween(T0, T0 + 10_000, null, 10)).map((e) => e.id)).toEqual(['h-e', 'h-d']);
    });

    it('never gives a chat to two agents, nor an agent more than their limit, when handles race', async () => {
      const handles = [store, await fixture.peer(), await fixture.peer()];
      const chats = Array.from({ length: 6 }, (_, i) => `race-${i}`);
      for (const id of chats) await store.conversations.insert(conversation(id));
      const agents = ['a1', 'a2', 'a3', 'a4'];
      // Every agent, through every handle, tries every chat at once (limit: 2 each).
      const attempts = agents.flatMap((agentId, a) =>
        chats.map(async (id) => {
          const handle = handles[(a + id.length) % handles.length]!;
          const current = (await handle.conversations.get(id))!;
          if (current.status !== 'queued') return 'conflict';
          return (await handle.conversations.save(assignConversation(current, agentId, T0), current, { agentId, max: 2 })).outcome;
        }),
      );
      const outcomes = await Promise.all(attempts);
      const assigned = await Promise.all(chats.map((id) => store.conversations.get(id)));
      expect(outcomes.filter((o) => o === 'saved')).toHaveLength(assigned.filter((c) => c?.status === 'active').length);
      for (const agentId of agents) {
        const held = assigned.filter((c) => c?.agentId === agentId);
        expect(held.length).toBeLessThanOrEqual(2);
        expect((await store.conversations.listActiveByAgent(agentId)).map((c) => c.id).sort()).toEqual(held.map((c) => c!.id).sort());
      }
      expect(await store.conversations.listQueued()).toHaveLength(assigned.filter((c) => c?.status === 'queued').length);
      for (const handle of handles.slice(1)) if (handle !== store) await handle.close();
    });

    it('appends atomically: concurrent appends get distinct, gapless sequence numbers', async () => {
      const handles = [store, await fixture.peer()];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stored(handles[i % 2]!.messages.append(draft('c1', `client-${String(i).padStart(4, '0')}`))),
        ),
      );
      if (handles[1] !== store) await handles[1]!.close();
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('limits new messages per conversation and author kind, and never refuses a retry', async () => {
      const rate = { policy: { capacity: 3, refillPerSecond: 1 }, now: T0 };
      const outcomes = [];
      for (let i = 1; i <= 4; i++) outcomes.push((await store.messages.append(draft('c1', `client-000${i}`), rate)).outcome);
      expect(outcomes).toEqual(['stored', 'stored', 'stored', 'rate_limited']);
      // A retry of a stored message is answered, bucket empty or not.
      expect(await store.messages.append(draft('c1', 'client-0001'), rate)).toMatchObject({ outcome: 'stored', created: false });
      // The other side of the conversation, and another conversation, have buckets of their own.
      const agentDraft = { ...draft('c1', 'client-0009'), author: { kind: 'agent' as const, agentId: 'a1', name: 'Alex' } };
      expect((await store.messages.append(agentDraft, rate)).outcome).toBe('stored');
      expect((await store.messages.append(draft('c2', 'client-0010'), rate)).outcome).toBe('stored');
      // A second later, one token is back.
      const later = { ...rate, now: T0 + 1000 };
      expect((await store.messages.append(draft('c1', 'client-0005'), later)).outcome).toBe('stored');
      expect((await store.messages.append(draft('c1', 'client-0006'), later)).outcome).toBe('rate_limited');
      expect(await store.messages.lastSeq('c1')).toBe(5);
    });

    it('shares the append rate between handles (nodes)', async () => {
      const peer = await fixture.peer();
      const rate = { policy: { capacity: 4, refillPerSecond: 0.001 }, now: T0 };
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : peer).messages.append(draft('c1', `client-${1000 + i}`), rate)),
      );
      if (peer !== store) await peer.close();
      expect(outcomes.filter((o) => o.outcome === 'stored')).toHaveLength(4);
    });

    it('keeps rate-limit buckets by key, shared between handles, refilled with time', async () => {
      const peer = await fixture.peer();
      const policy = { capacity: 2, refillPerSecond: 0.5 };
      const takes = [];
      for (let i = 0; i < 3; i++) takes.push(await (i % 2 === 0 ? store : peer).rateLimits.take('sign-in|10.0.0.1', policy, T0));
      expect(takes).toEqual([true, true, false]);
      expect(await store.rateLimits.take('sign-in|10.0.0.2', policy, T0)).toBe(true);
      expect(await peer.rateLimits.take('sign-in|10.0.0.1', policy, T0 + 1000)).toBe(false);
      expect(await peer.rateLimits.take('sign-in|10.0.0.1', policy, T0 + 2000)).toBe(true);
      if (peer !== store) await peer.close();
    });

    it('keeps inbox items once by id, and answers them with compare-and-set', async () => {
      const item = inboxItem('a'.repeat(64), 'permits-fr', T0);
      expect(await store.inbox.insert(item)).toBe(true);
      expect(await store.inbox.insert({ ...item, text: 'again' })).toBe(false);
      expect(await store.inbox.get(item.id)).toEqual(item);
      expect(await store.inbox.get('missing')).toBeNull();
      const answered = answerInboxItem(item, 'agent-1', 'Called back.', T0 + 5);
      expect(await store.inbox.save(answered, item.version)).toBe(true);
      expect(await store.inbox.save(answerInboxItem(item, 'agent-2', 'Me too.', T0 + 6), item.version)).toBe(false);
      expect(await store.inbox.get(item.id)).toEqual(answered);
      expect(await store.inbox.save({ ...item, id: 'missing' }, 1)).toBe(false);
    });

    it('lists inbox items newest first, by queue or all, in pages that skip and repeat nothing', async () => {
      // Seven items, three of them at the same instant, in two queues.
      const times = [T0, T0 + 10, T0 + 10, T0 + 10, T0 + 20, T0 + 30, T0 + 40];
      const items = times.map((time, i) => inboxItem(`${i}`.repeat(64), i % 2 === 0 ? 'general-en' : 'permits-fr', time));
      for (const item of [...items].reverse()) await store.inbox.insert(item);
      const newestFirst = [...items].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map((item) => item.id);

      const pages: string[][] = [];
      let before: { createdAt: number; id: string } | null = null;
      for (;;) {
        const page: InboxItem[] = await store.inbox.list(null, before, 2);
        if (page.length === 0) break;
        pages.push(page.map((item) => item.id));
        const last = page[page.length - 1]!;
        before = { createdAt: last.createdAt, id: last.id };
      }
      expect(pages.flat()).toEqual(newestFirst);
      expect(pages.every((page) => page.length <= 2)).toBe(true);

      const general = await store.inbox.list(['general-en'], null, 10);
      expect(general.map((item) => item.id)).toEqual(newestFirst.filter((id) => items.find((item) => item.id === id)!.queueId === 'general-en'));
      expect((await store.inbox.list(['general-en', 'permits-fr'], null, 3)).map((item) => item.id)).toEqual(newestFirst.slice(0, 3));
      const afterTie = await store.inbox.list(['general-en', 'permits-fr'], { createdAt: T0 + 10, id: newestFirst[3]! }, 10);
      expect(afterTie.map((item) => item.id)).toEqual(newestFirst.slice(4));
      expect(await store.inbox.list([], null, 10)).toEqual([]);
    });

    it('deletes inbox items answered before the cutoff, and keeps unanswered ones whatever their age', async () => {
      const old = inboxItem('1'.repeat(64), 'general-en', T0);
      const recent = inboxItem('2'.repeat(64), 'general-en', T0);
      const waiting = inboxItem('3'.repeat(64), 'permits-fr', T0);
      for (const item of [old, recent, waiting]) await store.inbox.insert(item);
      await store.inbox.save(answerInboxItem(old, 'a1', 'Done', T0 + 1000), old.version);
      await store.inbox.save(answerInboxItem(recent, 'a1', 'Done', T0 + 10_000), recent.version);

      expect(await store.inbox.deleteAnsweredBefore(T0 + 5000)).toBe(1);
      expect(await store.inbox.get(old.id)).toBeNull();
      expect((await store.inbox.list(null, null, 10)).map((item) => item.id).sort()).toEqual([recent.id, waiting.id]);
      expect((await store.inbox.list(['general-en'], null, 10)).map((item) => item.id)).toEqual([recent.id]);
      expect(await store.inbox.deleteAnsweredBefore(T0 + 5000)).toBe(0);
      expect(await store.inbox.deleteAnsweredBefore(T0 + 100 * 86_400_000)).toBe(1);
      expect(await store.inbox.get(waiting.id)).not.toBeNull();
    });

    it('keeps why an agent is away with their presence', async () => {
      const away = { agentId: 'a1', status: 'away' as const, since: T0, disconnectedAt: null, awayReason: 'meal' as const };
      await store.presence.put(away);
      expect(await store.presence.get('a1')).toEqual(away);
      await store.presence.put({ agentId: 'a1', status: 'available', since: T0 + 1, disconnectedAt: null });
      expect(await store.presence.get('a1')).not.toHaveProperty('awayReason');
    });

    it('appends notes in order, apart from messages, once per client id and author, up to a maximum', async () => {
      const first = await store.notes.append(note('c1', 'note-0001'), 3);
      expect(first).toEqual({ outcome: 'stored', note: note('c1', 'note-0001'), created: true });
      const languageSwitch: ConversationNote = {
        kind: 'language-switched',
        id: 'switch-1',
        conversationId: 'c1',
        clientId: 'language-2',
        from: 'en',
        to: 'fr',
        createdAt: T0 + 1,
      };
      expect(await store.notes.append(languageSwitch, 3)).toMatchObject({ outcome: 'stored', created: true });
      // A retry answers the stored note; another agent's note with the same client id is its own.
      expect(await store.notes.append({ ...note('c1', 'note-0001'), id: 'retry', text: 'changed' }, 3)).toEqual({
        outcome: 'stored',
        note: note('c1', 'note-0001'),
        created: false,
      });
      expect(await store.notes.append(note('c1', 'note-0001', { agentId: 'a2' }), 3)).toMatchObject({ created: true });
      // Full: a new note is refused, a retry still answered.
      expect(await store.notes.append(note('c1', 'note-0002'), 3)).toEqual({ outcome: 'full' });
      expect(await store.notes.append(note('c1', 'note-0001'), 3)).toMatchObject({ outcome: 'stored', created: false });

      const peer = await fixture.peer();
      expect((await peer.notes.list('c1')).map((n) => n.id)).toEqual(['n-note-0001-a1', 'switch-1', 'n-note-0001-a2']);
      expect(await peer.notes.list('c2')).toEqual([]);
      if (peer !== store) await peer.close();
      expect(await store.messages.lastSeq('c1')).toBe(0);
      const listed = await store.notes.list('c1');
      (listed[0] as { text: string }).text = 'edited';
      expect(((await store.notes.list('c1'))[0] as { text: string }).text).toBe('note note-0001');
    });

    it('deletes a closed conversation’s notes with it', async () => {
      await store.conversations.insert(conversation('old'));
      const current = (await store.conversations.get('old'))!;
      await store.conversations.save(closeConversation(current, { by: 'agent', reason: 'resolved' }, T0), current);
      await store.notes.append(note('old', 'note-0001'), 10);
      expect(await store.conversations.deleteClosedBefore(T0 + 1)).toBe(1);
      expect(await store.notes.list('old')).toEqual([]);
    });

    it('keeps canned answers and returns copies', async () => {
      const answer = { id: 'hello', title: { en: 'Greeting', fr: 'Salutation' }, text: { en: 'Hello', fr: 'Bonjour' } };
      expect(await store.cannedAnswers.list()).toEqual([]);
      await store.cannedAnswers.put(answer);
      await store.cannedAnswers.put({ ...answer, id: 'bye', text: { en: 'Bye', fr: 'Au revoir' } });
      await store.cannedAnswers.put({ ...answer, text: { en: 'Hello!', fr: 'Bonjour!' } });
      const listed = await store.cannedAnswers.list();
      expect(listed.map((a) => [a.id, a.text.en]).sort()).toEqual([
        ['bye', 'Bye'],
        ['hello', 'Hello!'],
      ]);
      listed[0]!.text.en = 'changed';
      expect((await store.cannedAnswers.list()).some((a) => a.text.en === 'changed')).toBe(false);
    });

    it('saves a staffing plan by compare-and-set and returns copies', async () => {
      const plan = { ...emptyStaffingPlan('demo'), agents: [{ agentId: 'a', weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }], version: 1 };
      expect(await store.staffingPlans.get('demo')).toBeNull();
      expect(await store.staffingPlans.save(plan, 1)).toBe(false);
      expect(await store.staffingPlans.save(plan, 0)).toBe(true);
      expect(await store.staffingPlans.save({ ...plan, version: 2 }, 0)).toBe(false);
      expect(await store.staffingPlans.save({ ...plan, version: 2, settings: { ...plan.settings, shrinkage: 0.25 } }, 1)).toBe(true);
      const stored = (await store.staffingPlans.get('demo'))!;
      expect(stored.version).toBe(2);
      expect(stored.settings.shrinkage).toBe(0.25);
      stored.agents[0]!.agentId = 'changed';
      expect((await store.staffingPlans.get('demo'))!.agents[0]!.agentId).toBe('a');
      expect(await store.staffingPlans.get('other')).toBeNull();
    });

    /** A chat answered by `agentId` and ended at `closedAt`: its wrap-up is owed, due `wrapUpMs` later. */
    async function endedBy(id: string, agentId: string, closedAt: number, wrapUpMs = 120_000): Promise<Conversation> {
      await store.conversations.insert(conversation(id));
      const queued = (await store.conversations.get(id))!;
      const active = assignConversation(queued, agentId, closedAt - 1000);
      expect((await store.conversations.save(active, queued)).outcome).toBe('saved');
      const closed = closeConversation(active, { by: 'visitor', reason: 'visitor_ended' }, closedAt, wrapUpMs);
      expect((await store.conversations.save(closed, active)).outcome).toBe('saved');
      return closed;
    }

    it('keeps an ended chat in its agent’s slots while they owe its wrap-up, for the count and the capacity guard, until it is recorded', async () => {
      const peer = await fixture.peer();
      const closed = await endedBy('ended', 'a1', T0);
      await store.conversations.insert(conversation('next'));
      expect((await peer.conversations.countActiveByAgent(['a1'])).get('a1')).toBe(1);
      expect((await peer.conversations.listActiveByAgent('a1')).map((c) => [c.id, c.status])).toEqual([['ended', 'closed']]);
      // A limit of 1 is full with the wrap-up owed.
      const next = (await store.conversations.get('next'))!;
      expect((await peer.conversations.save(assignConversation(next, 'a1', T0 + 5), next, { agentId: 'a1', max: 1 })).outcome).toBe('at_capacity');

      const done = recordWrapUp(closed, 'a1', { outcome: 'resolved', note: 'Form sent.' }, new Set(['resolved']), T0 + 10);
      expect((await store.conversations.save(done, closed)).outcome).toBe('saved');
      expect((await peer.conversations.countActiveByAgent(['a1'])).get('a1')).toBe(0);
      expect(await peer.conversations.listActiveByAgent('a1')).toEqual([]);
      expect((await peer.conversations.get('ended'))?.wrapUp).toEqual({ dueAt: T0 + 120_000, outcome: 'resolved', note: 'Form sent.', recordedAt: T0 + 10 });
      expect((await peer.conversations.save(assignConversation(next, 'a1', T0 + 15), next, { agentId: 'a1', max: 1 })).outcome).toBe('saved');
      if (peer !== store) await peer.close();
    });

    it('lists the wrap-ups due by a time, earliest first, up to a limit, shared between handles; recorded ones leave the list', async () => {
      const peer = await fixture.peer();
      const late = await endedBy('late', 'a1', T0 + 30_000);
      const early = await endedBy('early', 'a2', T0);
      await endedBy('middle', 'a1', T0 + 10_000);
      const due = async (at: number, limit = 10) => (await peer.conversations.wrapUpsDue(at, limit)).map((c) => c.id);
      expect(await due(T0 + 119_999)).toEqual([]);
      expect(await due(T0 + 120_000)).toEqual(['early']);
      expect(await due(T0 + 150_000)).toEqual(['early', 'middle', 'late']);
      expect(await due(T0 + 150_000, 2)).toEqual(['early', 'middle']);
      expect((await peer.conversations.wrapUpsDue(T0 + 150_000, 1))[0]).toEqual(early);

      const expired = expireWrapUp(early, T0 + 120_000);
      expect(expired.wrapUp?.outcome).toBe(NOT_RECORDED);
      expect((await store.conversations.save(expired, early)).outcome).toBe('saved');
      const done = recordWrapUp(late, 'a1', { outcome: 'resolved', note: null }, new Set(['resolved']), T0 + 40_000);
      expect((await peer.conversations.save(done, late)).outcome).toBe('saved');
      expect(await due(T0 + 150_000)).toEqual(['middle']);
      expect((await store.conversations.countActiveByAgent(['a1', 'a2']))).toEqual(new Map([['a1', 1], ['a2', 0]]));
      if (peer !== store) await peer.close();
    });

    it('deletes an ended chat past retention with the wrap-up it still owed and the slot it took', async () => {
      await endedBy('forgotten', 'a1', T0);
      expect(await store.conversations.deleteClosedBefore(T0 + 1)).toBe(1);
      expect(await store.conversations.wrapUpsDue(T0 + 10 * 60_000, 10)).toEqual([]);
      expect((await store.conversations.countActiveByAgent(['a1'])).get('a1')).toBe(0);
      expect(await store.conversations.listActiveByAgent('a1')).toEqual([]);
    });

    it('moves a transferred chat from one agent’s slots to another’s, atomically with the target’s limit, or to the head of a queue', async () => {
      for (const id of ['c1', 'c2', 'c3']) await store.conversations.insert(conversation(id, T0 + Number(id[1]) * 1000));
      const c1 = (await store.conversations.get('c1'))!;
      const held = assignConversation(c1, 'a1', T0 + 5000);
      await store.conversations.save(held, c1);
      const c2 = (await store.conversations.get('c2'))!;
      await store.conversations.save(assignConversation(c2, 'a2', T0 + 5000), c2);

      // a2 holds one chat; with a limit of 1, the transfer is refused and nothing moves.
      const toFull = transferConversation(held, { kind: 'agent', agentId: 'a2' }, 'a1', T0 + 6000);
      expect((await store.conversations.save(toFull, held, { agentId: 'a2', max: 1 })).outcome).toBe('at_capacity');
      expect((await store.conversations.get('c1'))?.agentId).toBe('a1');

      const toA3 = transferConversation(held, { kind: 'agent', agentId: 'a3' }, 'a1', T0 + 6000);
      expect(await store.conversations.save(toA3, held, { agentId: 'a3', max: 1 })).toEqual({ outcome: 'saved', left: null, joined: null });
      expect(await store.conversations.countActiveByAgent(['a1', 'a3'])).toEqual(new Map([['a1', 0], ['a3', 1]]));

      // To a queue: it joins ahead of c3, which waited since before c1 was answered.
      const toQueue = transferConversation(toA3, { kind: 'queue', queueId: 'general' }, 'a3', T0 + 7000);
      const saved = await store.conversations.save(toQueue, toA3);
      expect(saved).toMatchObject({ outcome: 'saved', left: null, joined: { queueId: 'general', position: 1 } });
      expect((await store.conversations.listQueued('general')).map((c) => c.id)).toEqual(['c1', 'c3']);
      expect((await store.conversations.countActiveByAgent(['a3'])).get('a3')).toBe(0);
      expect(await store.conversations.get('c1')).toMatchObject({ transfers: 2, lastTransfer: { kind: 'queue', byAgentId: 'a3' }, queuedAt: T0 + 1000 });
    });

    it('keeps wrap-up outcome codes in their order and returns copies', async () => {
      expect(await store.wrapUpOutcomes.list()).toEqual([]);
      await store.wrapUpOutcomes.put({ id: 'other', position: 9, label: { en: 'Other', fr: 'Autre' } });
      await store.wrapUpOutcomes.put({ id: 'resolved', position: 1, label: { en: 'Resolved', fr: 'Réglé' } });
      await store.wrapUpOutcomes.put({ id: 'callback', position: 1, label: { en: 'Call back', fr: 'Rappel' } });
      await store.wrapUpOutcomes.put({ id: 'resolved', position: 1, label: { en: 'Solved', fr: 'Réglé' } });
      const listed = await store.wrapUpOutcomes.list();
      expect(listed.map((o) => [o.id, o.label.en])).toEqual([
        ['callback', 'Call back'],
        ['resolved', 'Solved'],
        ['other', 'Other'],
      ]);
      listed[0]!.label.en = 'changed';
      expect((await store.wrapUpOutcomes.list())[0]!.label.en).toBe('Call back');
    });

    it('does not forget a spent bucket when many other keys are used', async () => {
      const policy = { capacity: 1, refillPerSecond: 1 / 60 };
      expect(await store.rateLimits.take('victim', policy, T0)).toBe(true);
      for (let i = 0; i < 6000; i++) await store.rateLimits.take(`junk-${i}`, policy, T0 + 1);
      expect(await store.rateLimits.take('victim', policy, T0 + 2)).toBe(false);
    });

    it('lists the open conversations, queued and active, and not the closed ones', async () => {
      for (const id of ['waiting', 'talking', 'done']) await store.conversations.insert(conversation(id));
      const talking = (await store.conversations.get('talking'))!;
      await store.conversations.save(assignConversation(talking, 'a1', T0 + 5), talking);
      const done = (await store.conversations.get('done'))!;
      await store.conversations.save(closeConversation(done, { by: 'visitor', reason: 'visitor_ended' }, T0 + 6), done);
      expect((await store.conversations.listOpen()).map((c) => [c.id, c.status]).sort()).toEqual([
        ['talking', 'active'],
        ['waiting', 'queued'],
      ]);
      // What the presence sweep reads, and nothing more: listing every open chat stays cheap.
      const listed = (await store.conversations.listOpen()).find((c) => c.id === 'talking')!;
      expect(listed).toEqual(presenceFacts((await store.conversations.get('talking'))!));
      expect(Object.keys(listed).sort()).toEqual(['assignedAt', 'id', 'idleClosesAt', 'idleWarnedAt', 'queuePriority', 'status', 'visitorLeftAt']);
    });

    it('keeps the citizen’s idle clock beside each active chat: started at the assignment, moved forward by messages and activity, gone with the chat', async () => {
      const peer = await fixture.peer();
      await store.conversations.insert(conversation('c'));
      expect(await store.conversations.idleSince()).toEqual(new Map());
      const waiting = (await store.conversations.get('c'))!;
      // Nothing moves the clock of a chat that is not in progress.
      await store.conversations.noteActivity('c', T0 + 1);
      await stored(store.messages.append({ ...draft('c', 'client-0001'), sentAt: T0 + 2 }));
      expect(await store.conversations.idleSince()).toEqual(new Map());

      const active = assignConversation(waiting, 'a1', T0 + 10);
      await store.conversations.save(active, waiting);
      expect(await peer.conversations.idleSince()).toEqual(new Map([['c', T0 + 10]]));
      const byVisitor = { ...draft('c', 'client-0002'), sentAt: T0 + 20 };
      await stored(peer.messages.append(byVisitor));
      expect(await store.conversations.idleSince()).toEqual(new Map([['c', T0 + 20]]));
      const byAgent = { ...draft('c', 'client-0003'), author: { kind: 'agent' as const, agentId: 'a1', name: 'A' }, sentAt: T0 + 30 };
      await stored(store.messages.append(byAgent));
      const bySystem = { ...draft('c', 'client-0004'), author: { kind: 'system' as const, agentId: null, name: null }, sentAt: T0 + 40 };
      await stored(store.messages.append(bySystem));
      expect(await store.conversations.idleSince()).toEqual(new Map([['c', T0 + 30]]));
      // Never back: a node whose clock lags cannot make the citizen look idle longer.
      await peer.conversations.noteActivity('c', T0 + 25);
      await store.conversations.noteActivity('c', T0 + 50);
      // A retried message (same client id) is not new activity.
      await stored(store.messages.append({ ...byVisitor, sentAt: T0 + 60 }));
      expect(await peer.conversations.idleSince()).toEqual(new Map([['c', T0 + 50]]));
      // Saved again while in progress (say, a warning noted): the clock stays.
      const again = (await store.conversations.get('c'))!;
      await store.conversations.save({ ...again, version: again.version + 1 }, again);
      expect(await store.conversations.idleSince()).toEqual(new Map([['c', T0 + 50]]));

      const closing = (await store.conversations.get('c'))!;
      await store.conversations.save(closeConversation(closing, { by: 'agent', reason: 'resolved' }, T0 + 70), closing);
      expect(await store.conversations.idleSince()).toEqual(new Map());
      await store.conversations.noteActivity('c', T0 + 80);
      expect(await peer.conversations.idleSince()).toEqual(new Map());
      if (peer !== store) await peer.close();
    });

    it('stops the idle clock when a chat goes back to the queue, and starts it afresh on the next assignment', async () => {
      await store.conversations.insert(conversation('c'));
      const waiting = (await store.conversations.get('c'))!;
      const active = assignConversation(waiting, 'a1', T0 + 10);
      await store.conversations.save(active, waiting);
      const requeued = requeueConversation(active, T0 + 20);
      await store.conversations.save(requeued, active);
      expect(await store.conversations.idleSince()).toEqual(new Map());
      await store.conversations.save(assignConversation(requeued, 'a2', T0 + 30), requeued);
      expect(await store.conversations.idleSince()).toEqual(new Map([['c', T0 + 30]]));
    });

    it('keeps the citizen’s presence and an idle warning on the record', async () => {
      await store.conversations.insert(conversation('c'));
      const fresh = (await store.conversations.get('c'))!;
      expect(fresh).toMatchObject({ visitorLeftAt: null, idleWarnedAt: null, idleClosesAt: null });
      await store.conversations.save({ ...fresh, visitorLeftAt: T0 + 1, idleWarnedAt: T0 + 2, idleClosesAt: T0 + 3, version: 2 }, fresh);
      expect(await store.conversations.get('c')).toMatchObject({ visitorLeftAt: T0 + 1, idleWarnedAt: T0 + 2, idleClosesAt: T0 + 3 });
    });

    it('hands out reference sequence numbers once each, from 1, across handles (nodes)', async () => {
      const peer = await fixture.peer();
      const taken = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? store : peer).references.next()));
      expect(new Set(taken).size).toBe(40);
      expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await peer.references.next()).toBe(41);
      if (peer !== store) await peer.close();
    });

    it('keeps the reference number and the survey answers on the record', async () => {
      await store.conversations.insert({ ...conversation('c'), reference: 'Q2X-9KM' });
      const closed = closeConversation((await store.conversations.get('c'))!, { by: 'visitor', reason: 'visitor_ended' }, T0 + 1);
      expect((await store.conversations.save(closed, (await store.conversations.get('c'))!)).outcome).toBe('saved');
      const stored = (await store.conversations.get('c'))!;
      expect(stored).toMatchObject({ reference: 'Q2X-9KM', survey: null });
      const answered = { ...stored, survey: { satisfaction: 4 as const, alternative: 'phone' as const, answeredAt: T0 + 2 }, version: stored.version + 1 };
      expect((await store.conversations.save(answered, stored)).outcome).toBe('saved');
      // A second answer written from the record read before the first loses the compare-and-set.
      expect((await store.conversations.save({ ...answered, survey: { satisfaction: 1, alternative: null, answeredAt: T0 + 3 } }, stored)).outcome).not.toBe('saved');
      expect((await store.conversations.get('c'))!.survey).toEqual({ satisfaction: 4, alternative: 'phone', answeredAt: T0 + 2 });
    });

    it('counts for reports, atomically and shared between handles', async () => {
      const peer = await fixture.peer();
      await Promise.all([store.counters.add('abandoned:q:2026-11-02'), peer.counters.add('abandoned:q:2026-11-02'), peer.counters.add('other', 3)]);
      expect(await store.counters.read(['abandoned:q:2026-11-02', 'other', 'never'])).toEqual({
        'abandoned:q:2026-11-02': 2,
        other: 3,
        never: 0,
      });
      expect(await store.counters.read([])).toEqual({});
      if (peer !== store) await peer.close();
    });

    it('counts the chats waiting in each queue that has any', async () => {
      expect(await store.conversations.queueLengths()).toEqual({});
      for (const [id, queueId] of [['a', 'general'], ['b', 'general'], ['c', 'french']] as const) {
        await store.conversations.insert(conversation(id, T0, queueId));
      }
      expect(await store.conversations.queueLengths()).toEqual({ general: 2, french: 1 });
      const c = (await store.conversations.get('c'))!;
      await store.conversations.save(assignConversation(c, 'a1', T0), c);
      expect(await store.conversations.queueLengths()).toEqual({ general: 2 });
    });

    it('keeps the latest handle times of each queue, latest first, capped, shared between handles', async () => {
      const peer = await fixture.peer();
      expect(await store.waits.recentHandleTimes('general')).toEqual([]);
      for (let i = 1; i <= 5; i++) await (i % 2 === 0 ? peer : store).waits.recordHandleTime('general', { closedAt: T0 + i, handleMs: i * 1000 }, 3);
      await store.waits.recordHandleTime('french', { closedAt: T0, handleMs: 42_000 }, 3);
      expect(await peer.waits.recentHandleTimes('general')).toEqual([
        { closedAt: T0 + 5, handleMs: 5000 },
        { closedAt: T0 + 4, handleMs: 4000 },
        { closedAt: T0 + 3, handleMs: 3000 },
      ]);
      expect(await store.waits.recentHandleTimes('french')).toEqual([{ closedAt: T0, handleMs: 42_000 }]);
      const read = await store.waits.recentHandleTimes('french');
      read[0]!.handleMs = 1;
      expect((await store.waits.recentHandleTimes('french'))[0]!.handleMs).toBe(42_000);
      if (peer !== store) await peer.close();
    });

    it('sets an agent’s chat limit, keeping the rest of the record, and sees it from every handle', async () => {
      const peer = await fixture.peer();
      await store.agents.insert({ ...agent('a1', 'A1@Example.test'), languages: [], queueIds: [] });
      const saved = await peer.agents.setLimit('a1', 7);
      expect(saved).toEqual({ ...agent('a1', 'a1@example.test'), languages: [], queueIds: [], maxConcurrentChats: 7, version: 2 });
      expect(await store.agents.get('a1')).toEqual(saved);
      expect((await store.agents.findByEmail('a1@example.test'))?.maxConcurrentChats).toBe(7);
      expect((await store.agents.list()).map((a) => a.maxConcurrentChats)).toEqual([7]);
      expect(await store.agents.setLimit('missing', 2)).toBeNull();
      expect(await store.agents.get('missing')).toBeNull();
      // Two handles setting at once: each write is whole, and the last one stands.
      await Promise.all([store.agents.setLimit('a1', 3), peer.agents.setLimit('a1', 4)]);
      expect([3, 4]).toContain((await store.agents.get('a1'))?.maxConcurrentChats);
      expect(await store.agents.get('a1')).toMatchObject({ email: 'a1@example.test', languages: [], queueIds: [] });
      if (peer !== store) await peer.close();
    });

    it('keeps an account’s public name and proposal, and the public name an agent message was sent under', async () => {
      await store.agents.insert(agent('a1', 'a1@example.test'));
      const account = (await store.agents.get('a1'))!;
      expect(account.publicName).toBeUndefined();
      const publicName = {
        approved: 'Alex',
        approvedAt: T0,
        approvedBy: 'm1',
        request: { name: 'Sasha', status: 'pending' as const, proposedAt: T0 + 1, decidedAt: null, decidedBy: null },
      };
      expect(await store.agents.replace({ ...account, publicName, version: 2 }, 1)).toBe('saved');
      expect((await store.agents.get('a1'))?.publicName).toEqual(publicName);
      expect((await store.agents.list()).find((one) => one.id === 'a1')?.publicName).toEqual(publicName);
      const sent = await stored(store.messages.append({ ...draft('c1', 'client-0001'), author: { kind: 'agent', agentId: 'a1', name: 'Alex Martin', publicName: 'Alex' } }));
      expect((await store.messages.listAfter('c1', 0, 10)).map((message) => message.author)).toEqual([sent.message.author]);
      expect(sent.message.author.publicName).toBe('Alex');
    });

    it('replaces an account by compare-and-set on its version, keeping its email', async () => {
      const peer = await fixture.peer();
      await store.agents.insert(agent('a1', 'a1@example.test'));
      const stored = (await store.agents.get('a1'))!;
      expect(await peer.agents.replace({ ...stored, displayName: 'Alex', version: 2 }, 1)).toBe('saved');
      expect(await store.agents.get('a1')).toMatchObject({ displayName: 'Alex', version: 2 });
      // Read before that write: stale.
      expect(await store.agents.replace({ ...stored, displayName: 'Sam', version: 2 }, 1)).toBe('conflict');
      expect((await store.agents.get('a1'))?.displayName).toBe('Alex');
      // The email is the account's name: a replace cannot change it.
      expect(await store.agents.replace({ ...stored, email: 'other@example.test', version: 3 }, 2)).toBe('conflict');
      expect(await store.agents.replace({ ...agent('missing', 'm@example.test'), version: 2 }, 1)).toBe('conflict');
      // A limit set meanwhile moves the version: a replace read before it does not undo it.
      await peer.agents.setLimit('a1', 9);
      expect(await store.agents.replace({ ...stored, displayName: 'Sam', version: 3 }, 2)).toBe('conflict');
      expect(await store.agents.get('a1')).toMatchObject({ maxConcurrentChats: 9, displayName: 'Alex', version: 3 });
      if (peer !== store) await peer.close();
    });

    it('keeps a one-time link on its account, and lets one of two uses at once consume it', async () => {
      const peer = await fixture.peer();
      await store.agents.insert({ ...agent('a1', 'a1@example.test'), passwordHash: '', passwordLink: { secretHash: 'h1', createdAt: T0, expiresAt: T0 + 10 } });
      const stored = (await store.agents.get('a1'))!;
      expect(stored.passwordLink).toEqual({ secretHash: 'h1', createdAt: T0, expiresAt: T0 + 10 });
      // Two uses of the same link, from two handles: one sets the password, the other finds it moved.
      const outcomes = await Promise.all([
        store.agents.replace({ ...stored, passwordHash: 'scrypt$one', passwordLink: null, sessionEpoch: 1, version: 2 }, 1),
        peer.agents.replace({ ...stored, passwordHash: 'scrypt$two', passwordLink: null, sessionEpoch: 1, version: 2 }, 1),
      ]);
      expect(outcomes.sort()).toEqual(['conflict', 'saved']);
      expect(await peer.agents.get('a1')).toMatchObject({ passwordLink: null, sessionEpoch: 1, version: 2 });
      expect(['scrypt$one', 'scrypt$two']).toContain((await store.agents.get('a1'))!.passwordHash);
      if (peer !== store) await peer.close();
    });

    it('never lets a replace take away the last active manager', async () => {
      await store.agents.insert({ ...agent('m1', 'm1@example.test'), role: 'manager' });
      await store.agents.insert({ ...agent('m2', 'm2@example.test'), role: 'manager' });
      await store.agents.insert({ ...agent('gone', 'gone@example.test'), role: 'manager', active: false });
      const m1 = (await store.agents.get('m1'))!;
      const m2 = (await store.agents.get('m2'))!;
      expect(await store.agents.replace({ ...m1, role: 'supervisor', version: 2 }, 1)).toBe('saved');
      // m2 is the last active one (an inactive manager does not count): neither demoted nor deactivated.
      expect(await store.agents.replace({ ...m2, role: 'agent', version: 2 }, 1)).toBe('last_manager');
      expect(await store.agents.replace({ ...m2, active: false, version: 2 }, 1)).toBe('last_manager');
      expect(await store.agents.get('m2')).toMatchObject({ role: 'manager', active: true, version: 1 });
      // Other changes to the last manager go through.
      expect(await store.agents.replace({ ...m2, displayName: 'Boss', version: 2 }, 1)).toBe('saved');
    });

    it('two demotions at once, from two handles, leave one active manager', async () => {
      const peer = await fixture.peer();
      for (let round = 0; round < 5; round++) {
        const [a, b] = [`r${round}a`, `r${round}b`];
        await store.agents.insert({ ...agent(a, `${a}@example.test`), role: 'manager' });
        await store.agents.insert({ ...agent(b, `${b}@example.test`), role: 'manager' });
        if (round > 0) {
          // The previous round's survivor steps down first, so that these two are the only ones.
          const survivor = (await store.agents.list()).find((x) => x.role === 'manager' && x.active && x.id !== a && x.id !== b)!;
          expect(await store.agents.replace({ ...survivor, role: 'agent', version: survivor.version + 1 }, survivor.version)).toBe('saved');
        }
        const [first, second] = [(await store.agents.get(a))!, (await store.agents.get(b))!];
        const outcomes = await Promise.all([
          store.agents.replace({ ...first, role: 'supervisor', version: 2 }, 1),
          peer.agents.replace({ ...second, active: false, version: 2 }, 1),
        ]);
        expect(outcomes.sort()).toEqual(['last_manager', 'saved']);
        expect((await store.agents.list()).filter((x) => x.role === 'manager' && x.active)).toHaveLength(1);
      }
      if (peer !== store) await peer.close();
    });

    it('tells each queue’s longest wait from a few entries: new chats and chats given back alike', async () => {
      expect(await store.conversations.oldestQueuedAt()).toEqual({});
      await store.conversations.insert(conversation('new-1', T0 + 10));
      await store.conversations.insert(conversation('new-2', T0 + 20));
      await store.conversations.insert(conversation('fr-1', T0 + 30, 'french'));
      expect(await store.conversations.oldestQueuedAt()).toEqual({ general: T0 + 10, french: T0 + 30 });

      // Given back after new-1 joined: served first, but new-1 has waited longer.
      await store.conversations.insert(conversation('back', T0));
      const back = (await store.conversations.get('back'))!;
      const active = assignConversation(back, 'a1', T0 + 1);
      await store.conversations.save(active, back);
      await store.conversations.save(requeueConversation(active, T0 + 15), active);
      expect((await store.conversations.listQueued('general')).map((c) => c.id)).toEqual(['back', 'new-1', 'new-2']);
      expect(await store.conversations.oldestQueuedAt()).toEqual({ general: T0 + 10, french: T0 + 30 });

      // Given back before any new chat joined: it has waited longest.
      const first = (await store.conversations.get('new-1'))!;
      await store.conversations.save(closeConversation(first, { by: 'visitor', reason: 'visitor_ended' }, T0 + 40), first);
      expect(await store.conversations.oldestQueuedAt()).toEqual({ general: T0 + 15, french: T0 + 30 });

      // A queue emptied drops out.
      const fr = (await store.conversations.get('fr-1'))!;
      await store.conversations.save(assignConversation(fr, 'a2', T0 + 50), fr);
      expect(await store.conversations.oldestQueuedAt()).toEqual({ general: T0 + 15 });
    });

    it('lists only the first chats of a queue when asked for a few', async () => {
      for (let i = 1; i <= 5; i++) await store.conversations.insert(conversation(`g${i}`, T0 + i));
      await store.conversations.insert(conversation('f1', T0, 'french'));
      expect((await store.conversations.listQueued('general', 2)).map((c) => c.id)).toEqual(['g1', 'g2']);
      expect((await store.conversations.listQueued('general', 10)).map((c) => c.id)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
      expect((await store.conversations.listQueued(undefined, 1)).map((c) => c.id)).toEqual(['f1', 'g1']);
      expect(await store.conversations.listQueued('nowhere', 3)).toEqual([]);
    });

    it('keeps each site’s queues’ capacity guards as last stepped, apart per site, shared between handles, the latest write winning', async () => {
      const peer = await fixture.peer();
      expect(await store.capacityGuards.list()).toEqual([]);
      const load = { waitMinutes: 25, waiting: 9, availableAgents: 2 };
      const closed = { siteId: 'demo', queueId: 'general', state: { closed: true, reason: 'wait' as const, since: T0, calmSince: null }, load, at: T0 };
      const open = { siteId: 'demo', queueId: 'french', state: { closed: false, reason: null, since: 0, calmSince: null }, load: { waitMinutes: null, waiting: 0, availableAgents: 0 }, at: T0 };
      await store.capacityGuards.put([closed, open]);
      const otherSite = { ...closed, siteId: 'other', state: { ...closed.state, reason: 'queue_per_agent' as const } };
      await peer.capacityGuards.put([otherSite]);
      const byQueue = (records: Awaited<ReturnType<Store['capacityGuards']['list']>>) =>
        Object.fromEntries(records.filter((record) => record.siteId === 'demo').map((record) => [record.queueId, record]));
      expect(byQueue(await peer.capacityGuards.list())).toEqual({ general: closed, french: open });
      expect((await store.capacityGuards.list()).find((record) => record.siteId === 'other')).toEqual(otherSite);
      const reopened = { ...closed, state: { closed: false, reason: null, since: T0 + 60_000, calmSince: null }, at: T0 + 60_000 };
      await peer.capacityGuards.put([reopened]);
      expect(byQueue(await store.capacityGuards.list()).general).toEqual(reopened);
      await store.capacityGuards.put([]);
      if (peer !== store) await peer.close();
    });

    it('counts distinct visitors offered chat per day, page and language, shared between handles', async () => {
      const peer = await fixture.peer();
      const hit = (visitorKey: string, page: string, language: 'en' | 'fr', day = '2026-11-02') => ({ siteId: 'demo', day, page, language, visitorKey });
      await store.exposure.record([hit('v1', '/a', 'en'), hit('v2', '/a', 'en'), hit('v1', '/a', 'en'), hit('v3', '/b', 'fr')], 10, 86_400_000, T0);
      await peer.exposure.record([hit('v1', '/b', 'en'), hit('v4', '/a', 'fr'), hit('v9', '/a', 'en', '2026-11-03')], 10, 86_400_000, T0);
      const counts = await store.exposure.read('demo', '2026-11-02');
      expect(counts.total).toBe(4);
      expect(counts.byLanguage).toEqual({ en: 2, fr: 2 });
      expect(counts.pages).toEqual([
        { page: '/a', visitors: 3 },
        { page: '/b', visitors: 2 },
      ]);
      expect((await peer.exposure.read('demo', '2026-11-03')).total).toBe(1);
      expect(await store.exposure.read('other-site', '2026-11-02')).toEqual({ total: 0, byLanguage: { en: 0, fr: 0 }, pages: [] });
      if (peer !== store) await peer.close();
    });

    it('counts at most the bound of distinct pages a day, the visitors of any further page under other', async () => {
      const peer = await fixture.peer();
      const hit = (visitorKey: string, page: string) => ({ siteId: 'demo', day: '2026-11-02', page, language: 'en' as const, visitorKey });
      await Promise.all([
        store.exposure.record([hit('v1', '/1'), hit('v2', '/2')], 3, 86_400_000, T0),
        peer.exposure.record([hit('v3', '/3'), hit('v4', '/4')], 3, 86_400_000, T0),
      ]);
      await store.exposure.record([hit('v5', '/5'), hit('v6', '/1'), hit('v7', '/6')], 3, 86_400_000, T0);
      const counts = await store.exposure.read('demo', '2026-11-02');
      expect(counts.total).toBe(7);
      const pages = counts.pages.map((entry) => entry.page);
      expect(pages.filter((page) => page !== 'other')).toHaveLength(3);
      expect(pages).toContain('other');
      expect(counts.pages.reduce((sum, entry) => sum + entry.visitors, 0)).toBe(7);
      if (peer !== store) await peer.close();
    });

    it('drops a day’s exposure counts once its retention has passed since its last hit', async () => {
      const hit = (siteId: string, visitorKey: string) => ({ siteId, day: '2026-11-02', page: '/a', language: 'en' as const, visitorKey });
      await store.exposure.record([hit('short-lived', 'v1')], 10, 50, T0);
      await new Promise((resolve) => setTimeout(resolve, 120));
      // A later hit elsewhere (the memory store sweeps then; Redis keys expire by themselves).
      await store.exposure.record([hit('other', 'v2')], 10, 86_400_000, T0 + 120);
      expect(await store.exposure.read('short-lived', '2026-11-02')).toEqual({ total: 0, byLanguage: { en: 0, fr: 0 }, pages: [] });
      expect((await store.exposure.read('other', '2026-11-02')).total).toBe(1);
    });

    describe('reports: the hourly rollup', () => {
      const H = Date.parse('2026-11-02T14:00:00Z');
      const dims = (page: string, language: 'en' | 'fr' = 'en', queueId = 'general') => ({ ...noDims(), page, language, topicId: 'benefits', queueId, share: 25 });
      const fact = (figure: string, by = 1, page = '/a', hour = H, extra: Partial<ReportFact> = {}): ReportFact => ({ scope: 'demo', hour, dims: dims(page), figure, by, ...extra });
      const countsOf = (cells: ReportCell[], hour: number, page: string) => cells.find((cell) => cell.hour === hour && cell.dims.page === page)?.counts;

      it('adds counters per hour and dimension set, shared between handles, and reads a range by hour', async () => {
        const peer = await fixture.peer();
        await store.reports.record([fact('started'), fact('started'), fact('wait_sum', 42_000), fact('started', 1, '/b')], 10, 86_400_000, T0);
        await peer.reports.record([fact('started', 1, '/a', H + HOUR_MS), fact('started'), fact('started', 1, '/a', H - 5 * HOUR_MS)], 10, 86_400_000, T0);
        await peer.reports.record([{ ...fact('started'), scope: 'other-site' }], 10, 86_400_000, T0);
        const cells = await store.reports.read('demo', H, H + HOUR_MS, T0);
        expect(countsOf(cells, H, '/a')).toEqual({ started: 3, wait_sum: 42_000 });
        expect(countsOf(cells, H, '/b')).toEqual({ started: 1 });
        expect(countsOf(cells, H + HOUR_MS, '/a')).toEqual({ started: 1 });
        expect(cells).toHaveLength(3);
        expect(cells.every((cell) => cell.scope === 'demo')).toBe(true);
        expect(cells.find((cell) => cell.dims.page === '/a')?.dims).toEqual(dims('/a'));
        expect(cells.map((cell) => cell.hour)).toEqual([...cells.map((cell) => cell.hour)].sort((a, b) => a - b));
        expect(await store.reports.read('demo', H + 2 * HOUR_MS, H + 9 * HOUR_MS, T0)).toEqual([]);
        if (peer !== store) await peer.close();
      });

      it('counts a fact with a visitor once per visitor, figure, hour and dimension set', async () => {
        const peer = await fixture.peer();
        const seen = (visitorKey: string, figure = 'offered', page = '/a', hour = H) => fact(figure, 1, page, hour, { visitorKey });
        await store.reports.record([seen('v1'), seen('v2'), seen('v1'), seen('v1', 'closed_offer')], 10, 86_400_000, T0);
        await peer.reports.record([seen('v1'), seen('v3'), seen('v1', 'offered', '/b'), seen('v1', 'offered', '/a', H + HOUR_MS)], 10, 86_400_000, T0);
        const cells = await store.reports.read('demo', H, H + HOUR_MS, T0);
        expect(countsOf(cells, H, '/a')).toEqual({ offered: 3, closed_offer: 1 });
        expect(countsOf(cells, H, '/b')).toEqual({ offered: 1 });
        expect(countsOf(cells, H + HOUR_MS, '/a')).toEqual({ offered: 1 });
        if (peer !== store) await peer.close();
      });

      it('counts at most the bound of page groups an hour, any further one under other', async () => {
        const peer = await fixture.peer();
        await Promise.all([
          store.reports.record([fact('started', 1, '/1'), fact('started', 1, '/2')], 3, 86_400_000, T0),
          peer.reports.record([fact('started', 1, '/3'), fact('started', 1, '/4')], 3, 86_400_000, T0),
        ]);
        await store.reports.record([fact('started', 1, '/5'), fact('started', 1, '/1')], 3, 86_400_000, T0);
        const cells = await store.reports.read('demo', H, H, T0);
        const pages = cells.map((cell) => cell.dims.page);
        expect(pages.filter((page) => page !== 'other')).toHaveLength(3);
        expect(pages).toContain('other');
        expect(cells.reduce((sum, cell) => sum + (cell.counts.started ?? 0), 0)).toBe(6);
        if (peer !== store) await peer.close();
      });

      it('drops an hour’s counters once its retention has passed since its last write', async () => {
        await store.reports.record([fact('started')], 10, 50, T0);
        await new Promise((resolve) => setTimeout(resolve, 120));
        await store.reports.record([fact('started', 1, '/a', H + HOUR_MS)], 10, 86_400_000, T0 + 60_120);
        expect(await store.reports.read('demo', H, H, T0 + 60_120)).toEqual([]);
        expect(countsOf(await store.reports.read('demo', H, H + HOUR_MS, T0 + 60_120), H + HOUR_MS, '/a')).toEqual({ started: 1 });
      });

      it('grants a claim once until it expires, shared between handles', async () => {
        const peer = await fixture.peer();
        const [a, b] = await Promise.all([store.reports.claim('first-response:c1', 80, T0), peer.reports.claim('first-response:c1', 80, T0)]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
        expect(await store.reports.claim('first-response:c1', 80, T0 + 10)).toBe(false);
        expect(await store.reports.claim('first-response:c2', 80, T0 + 10)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(await peer.reports.claim('first-response:c1', 80, T0 + 61_000)).toBe(true);
        if (peer !== store) await peer.close();
      });
    });

    it('keeps which conversation a visitor started until it expires, shared between handles', async () => {
      const peer = await fixture.peer();
      expect(await store.conversingVisitors.conversationOf('k1', T0)).toBeNull();
      await store.conversingVisitors.mark('k1', 'c1', 60_000, T0);
      expect(await peer.conversingVisitors.conversationOf('k1', T0 + 1000)).toBe('c1');
      await peer.conversingVisitors.mark('k1', 'c2', 60_000, T0 + 1000);
      expect(await store.conversingVisitors.conversationOf('k1', T0 + 2000)).toBe('c2');
      await store.conversingVisitors.mark('k2', 'c3', 50, T0);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.conversingVisitors.conversationOf('k2', T0 + 120)).toBeNull();
      if (peer !== store) await peer.close();
    });

    it('says whether wait inputs differ from those last announced to a queue, shared between handles', async () => {
      const peer = await fixture.peer();
      expect(await store.waits.swapAnnounced('general', '3|1|480000')).toBe(true);
      expect(await peer.waits.swapAnnounced('general', '3|1|480000')).toBe(false);
      expect(await store.waits.swapAnnounced('french', '3|1|480000')).toBe(true);
      expect(await peer.waits.swapAnnounced('general', '3|0|480000')).toBe(true);
      expect(await store.waits.swapAnnounced('general', '3|1|480000')).toBe(true);
      expect(await store.waits.swapAnnounced('general', '3|1|480000')).toBe(false);
      if (peer !== store) await peer.close();
    });
  });
}
