/**
 * Each site's persona (issue #10): managers read it (the default when none is saved) with the
 * presets, and save it whole by compare-and-set on its version after the domain's checks
 * (contrast, templates, font stack); every save is recorded in the audit log as `persona.updated`
 * with before and after. The avatar image is uploaded apart (one per site, sniffed by its bytes)
 * and named in the persona by its hash. The chat app and the loader read the public part through
 * a short per-node cache, so a page view costs no store read for it.
 */
import { createHash } from 'node:crypto';
import type { Language } from '../../protocol/languages.js';
import type { PersonaFields, PersonaPreset, WidgetPersona } from '../../protocol/persona.js';
import { AVATAR_MAX_BYTES, sniffImageType } from '../../protocol/persona-rules.js';
import { AppError } from '../domain/app-error.js';
import type { Agent } from '../domain/entities.js';
import {
  defaultPersona,
  launcherLook,
  personaProblems,
  PERSONA_PRESETS,
  widgetPersona,
  type Persona,
  type PersonaAvatarImage,
} from '../domain/persona.js';
import { hasRole } from '../domain/roles.js';
import type { Store } from '../stores/store.js';
import type { AuditRecorder } from './account-service.js';
import type { Clock } from './clock.js';

/** How long a node keeps a site's persona for the widget (a save shows everywhere within it). */
export const PERSONA_CACHE_MS = 1000;
/** Most sites whose persona a node keeps at once (more: the cache starts over). */
const PERSONA_CACHE_SITES = 1000;

export class PersonaService {
  private readonly cache = new Map<string, { readAt: number; persona: Promise<Persona> }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /** A site's persona as saved, or the default (version 0), and the presets to start from. */
  async get(actor: Agent, siteId: string): Promise<{ persona: Persona; presets: readonly PersonaPreset[] }> {
    assertManager(actor);
    await this.requireSite(siteId);
    return { persona: await this.read(siteId), presets: PERSONA_PRESETS };
  }

  /**
   * Saves the whole persona if it is still at `expectedVersion` (`conflict` otherwise: someone else
   * saved meanwhile), after every check; `invalid_payload` names each problem.
   */
  async save(actor: Agent, siteId: string, expectedVersion: number, fields: PersonaFields): Promise<Persona> {
    assertManager(actor);
    await this.requireSite(siteId);
    const problems = personaProblems(fields);
    if (fields.avatar.kind === 'image') {
      const image = await this.store.personas.getAvatar(siteId);
      if (image?.imageHash !== fields.avatar.imageHash) problems.push('The avatar image is not the one uploaded for this site; upload it again.');
    }
    if (problems.length > 0) throw new AppError('invalid_payload', problems.slice(0, 20).join(' '));
    const before = await this.read(siteId);
    if (before.version !== expectedVersion) throw new AppError('conflict', 'This persona changed while you changed it; look at it again and retry.');
    const after: Persona = { ...fields, siteId, version: expectedVersion + 1, updatedAt: this.clock.now(), updatedBy: actor.id };
    if (!(await this.store.personas.save(after, expectedVersion))) {
      throw new AppError('conflict', 'This persona changed while you changed it; look at it again and retry.');
    }
    this.cache.delete(siteId);
    await this.audit.record({
      actor: actor.id,
      action: 'persona.updated',
      target: `site:${siteId}`,
      before: before.version === 0 ? null : before,
      after,
      reason: null,
      approver: null,
    });
    return after;
  }

  /**
   * Stores a site's avatar image (replacing the one before): PNG, JPEG or WebP by its first bytes,
   * at most AVATAR_MAX_BYTES. The persona shows it once saved with its hash.
   */
  async uploadAvatar(actor: Agent, siteId: string, bytes: Uint8Array): Promise<PersonaAvatarImage> {
    assertManager(actor);
    await this.requireSite(siteId);
    if (bytes.length === 0) throw new AppError('invalid_payload', 'Send the image.');
    if (bytes.length > AVATAR_MAX_BYTES) throw new AppError('invalid_payload', `An avatar is at most ${AVATAR_MAX_BYTES / 1024} KB.`);
    const contentType = sniffImageType(bytes);
    if (contentType === null) throw new AppError('invalid_payload', 'An avatar is a PNG, JPEG or WebP image.');
    const image: PersonaAvatarImage = {
      siteId,
      imageHash: createHash('sha256').update(bytes).digest('hex'),
      contentType,
      base64: Buffer.from(bytes).toString('base64'),
      uploadedAt: this.clock.now(),
    };
    await this.store.personas.putAvatar(image);
    await this.audit.record({
      actor: actor.id,
      action: 'persona.avatar-uploaded',
      target: `site:${siteId}`,
      before: null,
      after: { imageHash: image.imageHash, contentType, bytes: bytes.length },
      reason: null,
      approver: null,
    });
    return image;
  }

  /** The site's avatar image if it is still the one named `imageHash` (public: the chat app shows it). */
  async avatar(siteId: string, imageHash: string): Promise<PersonaAvatarImage | null> {
    const image = await this.store.personas.getAvatar(siteId);
    return image?.imageHash === imageHash ? image : null;
  }

  /** What the chat app shows (cached per node for PERSONA_CACHE_MS). */
  async forWidget(siteId: string): Promise<WidgetPersona> {
    return widgetPersona(await this.cached(siteId));
  }

  /** How agents should write to a site's citizens (any agent; empty when none). Cached as forWidget. */
  async toneNotes(siteId: string): Promise<string> {
    return (await this.cached(siteId)).toneNotes;
  }

  /** The loader's launcher label (in the page's language, and in both) and corner (cached as forWidget). */
  async launcher(siteId: string, language: Language): Promise<ReturnType<typeof launcherLook>> {
    return launcherLook(await this.cached(siteId), language);
  }

  private async read(siteId: string): Promise<Persona> {
    return (await this.store.personas.get(siteId)) ?? defaultPersona(siteId);
  }

  private cached(siteId: string): Promise<Persona> {
    // Wall time, not the injected clock: the cache spares the store, it is no rule of the domain.
    const now = Date.now();
    const entry = this.cache.get(siteId);
    if (entry !== undefined && now - entry.readAt < PERSONA_CACHE_MS) return entry.persona;
    if (this.cache.size >= PERSONA_CACHE_SITES) this.cache.clear();
    const persona = this.read(siteId);
    const read = { readAt: now, persona };
    this.cache.set(siteId, read);
    // A failed read is not kept: the next page view asks again.
    persona.catch(() => this.cache.get(siteId) === read && this.cache.delete(siteId));
    return persona;
  }

  private async requireSite(siteId: string): Promise<void> {
    if ((await this.store.sites.get(siteId)) === null) throw new AppError('not_found', `There is no site "${siteId}".`);
  }
}

/** Only managers change a persona (the command table and the upload route say so too; checked again here). */
function assertManager(actor: Agent): void {
  if (!hasRole(actor.role, 'manager')) throw new AppError('forbidden', 'Only managers change a site’s persona.');
}
