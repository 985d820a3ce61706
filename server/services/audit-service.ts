/**
 * The audit log as a service (server/domain/audit-log.ts): one append-only, hash-chained log for
 * the whole deployment, for every namespace of action (`rollout.*`, `account.*`, ...). Any module
 * records through `record`; the Rollout page and the CSV export read through `page` and `export`;
 * `verify` walks the chain and says where it breaks.
 *
 * Appending is compare-and-set on the last entry in the store (the entry is chained in this
 * process, SHA-256 by node:crypto, and lands only if no other node appended meanwhile; else it is
 * chained again onto the new last entry), so the chain holds across nodes.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { chainEntry, verifyChain, type AuditEntry, type AuditRecord, type Digest } from '../domain/audit-log.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';

/** SHA-256 of a UTF-8 string, in lower-case hex: the digest the chain uses. */
export const sha256Hex: Digest = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Attempts to chain an entry while other nodes keep appending. */
const APPEND_ATTEMPTS = 50;
/** Entries read per store round trip when walking the log (verify, export). */
const WALK_BATCH = 500;

/** What a caller records: the time is the service clock's unless given. */
export type AuditInput = Omit<AuditRecord, 'at'> & { at?: number };

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Where the next page starts (its `before`): the oldest sequence number looked at; null at the start of the log. */
  next: number | null;
}

export interface AuditPageQuery {
  /** Entries before this sequence number (absent: from the latest). */
  before?: number;
  limit: number;
  /** Only entries this accepts (the others are skipped, within `scanMax`). */
  filter?: (entry: AuditEntry) => boolean;
  /** Most entries looked at for one page when filtering (bounds the work; `next` goes on from there). */
  scanMax?: number;
}

/**
 * What `verify` found: the chain holds over the first `entries` entries, and `brokenAt` is null, or
 * the sequence number of the first entry changed, or that follows one removed or moved.
 */
export interface AuditVerification {
  entries: number;
  brokenAt: number | null;
}

export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly digest: Digest = sha256Hex,
  ) {}

  /** Appends one entry, chained onto the last one whichever node wrote it. */
  async record(input: AuditInput): Promise<AuditEntry> {
    const record: AuditRecord = {
      at: input.at ?? this.clock.now(),
      actor: input.actor,
      action: input.action,
      target: input.target,
      before: input.before ?? null,
      after: input.after ?? null,
      reason: input.reason ?? null,
      approver: input.approver ?? null,
    };
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const entry = chainEntry(await this.store.audit.head(), record, this.digest);
      if (await this.store.audit.append(entry)) return entry;
      // Another node appended first: chain onto its entry, after a short random wait when crowded.
      if (attempt > 2) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
    throw new AppError('unavailable', 'The audit log is busy; try again.');
  }

  /** The number of entries (the last sequence number). */
  async count(): Promise<number> {
    return (await this.store.audit.head())?.seq ?? 0;
  }

  /** A page of the log, newest first (see AuditPageQuery). */
  async page(query: AuditPageQuery): Promise<AuditPage> {
    const limit = Math.max(1, query.limit);
    let before = query.before ?? (await this.count()) + 1;
    const scanMax = query.filter === undefined ? limit : Math.max(limit, query.scanMax ?? limit * 10);
    const entries: AuditEntry[] = [];
    let scanned = 0;
    // Filtered: a small read first (the latest entries usually match), then larger ones.
    let step = Math.max(limit * 2, 20);
    while (before > 1 && entries.length < limit && scanned < scanMax) {
      const size = Math.min(query.filter === undefined ? limit - entries.length : step, scanMax - scanned);
      step = Math.min(step * 2, WALK_BATCH);
      const from = Math.max(1, before - size);
      const batch = (await this.store.audit.range(from, before - 1)).reverse();
      scanned += before - from;
      for (const entry of batch) {
        before = entry.seq;
        if (query.filter !== undefined && !query.filter(entry)) continue;
        entries.push(entry);
        if (entries.length === limit) break;
      }
      if (batch.length === 0) before = from;
    }
    return { entries, next: before > 1 ? before : null };
  }

  /**
   * Every entry, oldest first, in batches (at most `max`: the newest ones when the log is longer).
   * For the CSV export, written out batch by batch.
   */
  async *export(max: number): AsyncGenerator<AuditEntry[]> {
    const last = await this.count();
    for (let from = Math.max(1, last - max + 1); from <= last; from += WALK_BATCH) {
      const batch = await this.store.audit.range(from, Math.min(last, from + WALK_BATCH - 1));
      if (batch.length === 0) return;
      yield batch;
    }
  }

  /**
   * Walks the whole chain from the first entry: `brokenAt` is the sequence number of the first
   * entry that was changed, or that follows one removed or moved (verifyChain); null when it holds.
   * Removing the newest entries leaves a shorter chain that holds: compare `entries` with a count
   * kept elsewhere (an export) to see that.
   */
  async verify(): Promise<AuditVerification> {
    const { to, brokenAt } = await this.verifyNewest(Number.MAX_SAFE_INTEGER);
    return { entries: brokenAt === null ? to : brokenAt - 1, brokenAt };
  }

  /**
   * Walks the newest `max` entries, the first of them linked to the entry before it (whose own
   * hash is taken as it is): entries `from` to `to` hold when `brokenAt` is null.
   */
  async verifyNewest(max: number): Promise<{ from: number; to: number; brokenAt: number | null }> {
    const last = await this.count();
    const from = Math.max(1, last - max + 1);
    let previous: Pick<AuditEntry, 'seq' | 'hash'> | null = null;
    if (from > 1) {
      previous = (await this.store.audit.range(from - 1, from - 1))[0] ?? null;
      if (previous === null || previous.seq !== from - 1) return { from, to: last, brokenAt: from - 1 };
    }
    for (let start = from; start <= last; start += WALK_BATCH) {
      const end = Math.min(last, start + WALK_BATCH - 1);
      const batch = await this.store.audit.range(start, end);
      const broken = verifyChain(batch, this.digest, previous);
      if (broken !== null) return { from, to: last, brokenAt: broken };
      if (batch.length < end - start + 1) return { from, to: last, brokenAt: (batch.at(-1)?.seq ?? start - 1) + 1 };
      previous = batch.at(-1) ?? previous;
    }
    return { from, to: last, brokenAt: null };
  }
}
