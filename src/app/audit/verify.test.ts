// Chain verification on entries built in memory: every kind of tampering is found at its
// position. (The same against a real database, triggers dropped: test/auth/auditTamper.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AUDIT_GENESIS_HASH, sealAuditEntry, type AuditEntry } from '../ports/audit.ts';
import { exportAuditLog } from './exportLog.ts';
import { formatAnchor, parseAnchor, verifyAuditChain } from './verify.ts';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(sealAuditEntry({ at: `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, actor: 'user:a', action: 'auth.login', subject: `s${i}`, details: { i } }, i, out[i - 2]?.hash ?? AUDIT_GENESIS_HASH));
  }
  return out;
}

async function* from(entries: readonly AuditEntry[]): AsyncIterable<AuditEntry> {
  yield* entries;
}

describe('audit chain verification', () => {
  test('an intact chain verifies, with its head', async () => {
    const entries = chain(5);
    assert.deepEqual(await verifyAuditChain(from(entries)), { ok: true, entries: 5, head: { seq: 5, hash: entries[4]?.hash } });
    assert.deepEqual(await verifyAuditChain(from([])), { ok: true, entries: 0, head: null });
  });

  test('a changed entry breaks at its position', async () => {
    const entries = chain(6);
    entries[2] = { ...(entries[2] as AuditEntry), subject: 'forged' };
    const report = await verifyAuditChain(from(entries));
    assert.equal(report.ok, false);
    assert.deepEqual([report.break?.kind, report.break?.position], ['altered', 3]);
  });

  test('a changed entry re-hashed by the forger breaks at the next one', async () => {
    const entries = chain(6);
    const old = entries[2] as AuditEntry;
    entries[2] = sealAuditEntry({ ...old, subject: 'forged' }, old.seq, old.prevHash);
    const report = await verifyAuditChain(from(entries));
    assert.deepEqual([report.break?.kind, report.break?.position], ['unlinked', 4]);
  });

  test('a removed entry breaks where it was', async () => {
    const entries = chain(6);
    entries.splice(3, 1);
    const report = await verifyAuditChain(from(entries));
    assert.deepEqual([report.break?.kind, report.break?.position], ['missing', 4]);
  });

  test('swapped positions break at the first moved entry', async () => {
    const entries = chain(6);
    const [a, b] = [entries[1] as AuditEntry, entries[4] as AuditEntry];
    entries[1] = { ...b, seq: 2 };
    entries[4] = { ...a, seq: 5 };
    const report = await verifyAuditChain(from(entries));
    assert.deepEqual([report.break?.kind, report.break?.position], ['altered', 2]);
  });

  test('an inserted, properly sealed entry breaks the link of the one after it', async () => {
    const entries = chain(5);
    const inserted = sealAuditEntry({ at: '2025-01-01T00:00:30.000Z', actor: 'user:x', action: 'auth.login', subject: 'x' }, 3, (entries[1] as AuditEntry).hash);
    const shifted = [...entries.slice(0, 2), inserted, ...entries.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }))];
    const report = await verifyAuditChain(from(shifted));
    assert.deepEqual([report.break?.kind, report.break?.position], ['altered', 4]);
  });

  test('entries cut off the end are found against an anchor, and a forged anchor entry too', async () => {
    const entries = chain(6);
    const anchor = { seq: 6, hash: (entries[5] as AuditEntry).hash };
    assert.equal((await verifyAuditChain(from(entries), anchor)).ok, true);
    const cut = await verifyAuditChain(from(entries.slice(0, 4)), anchor);
    assert.deepEqual([cut.break?.kind, cut.break?.position], ['anchor-mismatch', 5]);
    const other = await verifyAuditChain(from(entries), { seq: 3, hash: 'f'.repeat(64) });
    assert.deepEqual([other.break?.kind, other.break?.position], ['anchor-mismatch', 3]);
    assert.deepEqual(parseAnchor(formatAnchor(anchor)), anchor);
    assert.equal(parseAnchor('6:xyz'), undefined);
  });

  test('property: any single-field change anywhere is caught at that position', async () => {
    const entries = chain(12);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 11 }), fc.constantFrom('at', 'actor', 'action', 'subject', 'reason', 'details', 'prevHash'), async (index, field) => {
      const copy = [...entries];
      const target = copy[index] as AuditEntry;
      const changed: Record<string, unknown> = { ...target };
      changed[field] = field === 'details' ? { i: -1 } : field === 'prevHash' ? 'e'.repeat(64) : field === 'at' ? '2030-01-01T00:00:00.000Z' : `${String(target[field as keyof AuditEntry])}x`;
      copy[index] = changed as unknown as AuditEntry;
      const report = await verifyAuditChain(from(copy));
      return report.ok === false && report.break?.position === index + 1;
    }), { numRuns: 60 });
  });

  test('export writes a header, every entry, and a trailer with the head — a broken chain whole', async () => {
    const entries = chain(4);
    entries[1] = { ...(entries[1] as AuditEntry), actor: 'user:mallory' };
    const lines: string[] = [];
    const report = await exportAuditLog(from(entries), '2025-02-01T00:00:00.000Z', (line) => {
      lines.push(line);
    });
    assert.equal(lines.length, 6);
    assert.ok(lines.every((l) => l.endsWith('\n')));
    assert.deepEqual(JSON.parse(lines[0] as string), { format: 'tearline-audit-export/1', exportedAt: '2025-02-01T00:00:00.000Z' });
    assert.deepEqual(lines.slice(1, 5).map((l) => (JSON.parse(l) as AuditEntry).seq), [1, 2, 3, 4]);
    const trailer = JSON.parse(lines[5] as string) as { head: unknown; entries: number; verified: boolean; break: { position: number } };
    assert.deepEqual(trailer.head, { seq: 4, hash: (entries[3] as AuditEntry).hash });
    assert.equal(trailer.verified, false);
    assert.equal(trailer.break.position, 2);
    assert.equal(report.ok, false);
  });
});
