/**
 * What the console keeps in sessionStorage so that a reload loses nothing the agent did: drafts,
 * messages not yet confirmed (resent with the same clientId, which the server deduplicates), which
 * chat was open, and how far each chat was read. Per tab and per agent; cleared at sign-out.
 */
import { isClientId } from '../../delivery/client-id.js';
import { keepOutbox, restoreOutbox, type KeptOutboxItem } from '../../delivery/outbox.js';
import { ERROR_CODES, type ErrorCode } from '../../protocol/error-codes.js';
import type { ChatState, RestoredChat } from './console-state.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

interface Stored {
  selectedId: string | null;
  readSeq: Record<string, number>;
  outbox: Record<string, KeptOutboxItem[]>;
  drafts: Record<string, string>;
}

const empty = (): Stored => ({ selectedId: null, readSeq: {}, outbox: {}, drafts: {} });

export class SessionMemory {
  private readonly key: string;
  private stored: Stored;

  constructor(agentId: string) {
    this.key = `agent-console.session.${agentId}`;
    this.stored = this.read();
  }

  get selectedId(): string | null {
    return this.stored.selectedId;
  }

  restore(conversationId: string): RestoredChat {
    const pending = restoreOutbox(this.stored.outbox[conversationId] ?? []);
    return { readSeq: this.stored.readSeq[conversationId] ?? 0, pending };
  }

  draft(conversationId: string): string {
    return this.stored.drafts[conversationId] ?? '';
  }

  saveDraft(conversationId: string, text: string): void {
    if (text === '') delete this.stored.drafts[conversationId];
    else this.stored.drafts[conversationId] = text;
    this.write();
  }

  /** Records the chats as they are now; chats no longer listed are forgotten, drafts included. */
  saveChats(chats: readonly ChatState[], selectedId: string | null): void {
    const ids = new Set(chats.map((chat) => chat.conversation.id));
    const drafts = Object.fromEntries(Object.entries(this.stored.drafts).filter(([id]) => ids.has(id)));
    const readSeq: Stored['readSeq'] = {};
    const outbox: Stored['outbox'] = {};
    for (const chat of chats) {
      readSeq[chat.conversation.id] = chat.readSeq;
      if (chat.pending.length > 0) {
        outbox[chat.conversation.id] = keepOutbox(chat.pending);
      }
    }
    this.stored = { selectedId, readSeq, outbox, drafts };
    this.write();
  }

  clear(): void {
    this.stored = empty();
    try {
      window.sessionStorage.removeItem(this.key);
    } catch {
      // Nothing was stored if storage is unavailable.
    }
  }

  private read(): Stored {
    try {
      const raw = window.sessionStorage.getItem(this.key);
      return raw === null ? empty() : parseStored(JSON.parse(raw));
    } catch {
      return empty();
    }
  }

  private write(): void {
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(this.stored));
    } catch {
      // Storage full or disabled: the console still works, it just cannot survive a reload.
    }
  }
}

/** Reads back what `write` stored, dropping anything malformed (an older console may have written it). */
function parseStored(value: unknown): Stored {
  const stored = empty();
  if (!isRecord(value)) return stored;
  if (typeof value.selectedId === 'string') stored.selectedId = value.selectedId;
  if (isRecord(value.readSeq)) {
    for (const [id, seq] of Object.entries(value.readSeq)) if (typeof seq === 'number') stored.readSeq[id] = seq;
  }
  if (isRecord(value.drafts)) {
    for (const [id, text] of Object.entries(value.drafts)) if (typeof text === 'string') stored.drafts[id] = text;
  }
  if (isRecord(value.outbox)) {
    for (const [id, items] of Object.entries(value.outbox)) {
      if (!Array.isArray(items)) continue;
      stored.outbox[id] = items.flatMap((item: unknown): KeptOutboxItem[] => {
        if (!isRecord(item) || typeof item.clientId !== 'string' || !isClientId(item.clientId) || typeof item.text !== 'string') return [];
        // Written before refusals were kept, or by another version: an unknown refusal is tried again.
        const error = typeof item.error === 'string' && KNOWN_CODES.has(item.error) ? (item.error as ErrorCode) : null;
        return [{ clientId: item.clientId, text: item.text, error }];
      });
    }
  }
  return stored;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
