/**
 * The audit log's chain (issue #8, point 5): each entry links to the one before; changing, removing
 * or reordering any entry is found; the CSV export quotes what it must and defuses formulas.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditCsv, canonicalJson, chainEntry, csvCell, GENESIS_HASH, verifyChain, type AuditEntry, type AuditRecord } from '../../server/domain/audit-log.js';

const record = (n: number, change: Partial<AuditRecord> = {}): AuditRecord => ({
  at: Date.parse('2026-12-01T10:00:00Z') + n * 1000,
  actor: 'manager-a',
  action: 'rollout.applied',
  target: 'site:demo',
  before: { share: n },
  after: { share: n + 5 },
  reason: `Step ${n}`,
  approver: 'manager-b',
  ...change,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const chain = (count: number): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(chainEntry(entries.at(-1) ?? null, record(i), sha256));
  return entries;
};

describe('the audit chain', () => {
  it('links every entry to the one before, from the genesis hash', () => {
    const entries = chain(5);
    expect(entries[0]).toMatchObject({ seq: 1, previousHash: GENESIS_HASH });
    expect(entries[3]!.previousHash).toBe(entries[2]!.hash);
    expect(verifyChain(entries, sha256)).toBeNull();
    expect(verifyChain(entries.slice(2), sha256, entries[1]!)).toBeNull();
  });

  it('finds an entry whose content was changed, even with its hash left as it was', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, reason: 'Something else' };
    expect(verifyChain(entries, sha256)).toBe(3);
    const rehashed = chain(5);
    rehashed[2] = chainEntry(rehashed[1]!, { ...record(2), after: { share: 100 } }, sha256);
    // Recomputing the changed entry's hash breaks the link of the next one.
    expect(verifyChain(rehashed, sha256)).toBe(4);
  });

  it('finds a removed or reordered entry', () => {
    const entries = chain(5);
    expect(verifyChain([entries[0]!, entries[2]!, entries[3]!], sha256)).toBe(3);
    expect(verifyChain([entries[1]!, entries[0]!], sha256)).toBe(2);
  });

  it('hashes the same content the same whatever the order of its keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"x":2,"y":1}]},"b":1}');
    const one = chainEntry(null, record(1, { before: { a: 1, b: 2 } }), sha256);
    const other = chainEntry(null, record(1, { before: { b: 2, a: 1 } }), sha256);
    expect(one.hash).toBe(other.hash);
  });
});

describe('the CSV export', () => {
  it('has a header and one row per entry, quoting commas, quotes and line breaks', () => {
    const csv = auditCsv(chain(2), (id) => (id === 'manager-a' ? 'Morgan, Lead' : id));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,action,target,reason,approver,before,after,previous_hash,hash');
    expect(lines[1]).toMatch(/^1,2026-12-01T10:00:00.000Z,"Morgan, Lead",rollout.applied,site:demo,Step 0,manager-b,"{""share"":0}","{""share"":5}",0{64},[0-9a-f]{64}$/);
    expect(lines).toHaveLength(3);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});
