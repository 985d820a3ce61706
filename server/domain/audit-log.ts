/**
 * The audit log (README.md, "Soft launch"): every change of a rollout policy (and, later, of the
 * administration's records) with who, when, what before, what after, why, and who approved.
 * Append-only, and chained: each entry carries the hash of the one before, and its own hash covers
 * its content and that link, so that changing, removing or reordering an entry breaks the chain
 * from there on (`verifyChain` says where). Pure: the digest (SHA-256 in hex, from the services)
 * is passed in, as the domain imports no built-ins.
 */

/** SHA-256 of a UTF-8 string, in lower-case hex. */
export type Digest = (text: string) => string;

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the log adds the sequence number and the hashes. */
export interface AuditRecord {
  at: number;
  /** Account id of who did it (or `system` for a scheduled step). */
  actor: string;
  /** What was done, e.g. `rollout.proposed`, `rollout.approved`, `rollout.applied`, `rollout.kill-switch`. */
  action: string;
  /** What it was done to, e.g. `site:demo`, `change:<id>`. */
  target: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  approver: string | null;
}

export interface AuditEntry extends AuditRecord {
  /** 1 for the first entry, then one more each. */
  seq: number;
  previousHash: string;
  hash: string;
}

/** The entry that follows `previous` (null for the first) with this content. */
export function chainEntry(previous: Pick<AuditEntry, 'seq' | 'hash'> | null, record: AuditRecord, digest: Digest): AuditEntry {
  const seq = (previous?.seq ?? 0) + 1;
  const previousHash = previous?.hash ?? GENESIS_HASH;
  return { ...record, seq, previousHash, hash: entryHash(seq, previousHash, record, digest) };
}

/** SHA-256 over the sequence number, the link and the content, in a fixed order. */
export function entryHash(seq: number, previousHash: string, record: AuditRecord, digest: Digest): string {
  const content = [seq, previousHash, record.at, record.actor, record.action, record.target, canonicalJson(record.before), canonicalJson(record.after), record.reason, record.approver];
  return digest(JSON.stringify(content));
}

/**
 * Checks entries given in order from the first (or from any entry whose predecessor's hash is
 * known: `previousHash`): null when the chain holds, else the sequence number of the first entry
 * that was changed, removed before, or moved.
 */
export function verifyChain(entries: readonly AuditEntry[], digest: Digest, previous: Pick<AuditEntry, 'seq' | 'hash'> | null = null): number | null {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let expectedLink = previous?.hash ?? GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq || entry.previousHash !== expectedLink || entry.hash !== entryHash(entry.seq, entry.previousHash, entry, digest)) {
      return entry.seq;
    }
    expectedSeq++;
    expectedLink = entry.hash;
  }
  return null;
}

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  ) ?? 'null';
}

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'reason', 'approver', 'before', 'after', 'previous_hash', 'hash'] as const;

/** The entries as CSV (RFC 4180), with a header; names are the accounts' display names when known. */
export function auditCsv(entries: readonly AuditEntry[], nameOf: (accountId: string) => string = (id) => id): string {
  const rows = entries.map((entry) => [
    String(entry.seq),
    new Date(entry.at).toISOString(),
    nameOf(entry.actor),
    entry.action,
    entry.target,
    entry.reason ?? '',
    entry.approver === null ? '' : nameOf(entry.approver),
    canonicalJson(entry.before),
    canonicalJson(entry.after),
    entry.previousHash,
    entry.hash,
  ]);
  return [[...AUDIT_CSV_COLUMNS], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV cell: quoted when it must be; and a cell a spreadsheet would run as a formula (it starts
 * with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, so that a reason
 * typed into the console cannot become a formula in a manager's spreadsheet.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
