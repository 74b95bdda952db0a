// Consistency checks for crash and recovery tests: SQLite's own checks plus the invariants
// the schema cannot declare (objects.latest_seq has no foreign key, and the stored id
// hashes must be what id-hash.ts computes today, see schema-v1.ts).
import type { Connection } from './connection.ts';
import { idHash } from '../id-hash.ts';

export function integrityProblems(db: Connection): string[] {
  const problems = (db.pragma('integrity_check') as { integrity_check: string }[])
    .map((row) => row.integrity_check)
    .filter((message) => message !== 'ok');
  for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]) {
    problems.push(`foreign key: ${row.table} row ${row.rowid ?? '?'} points at a missing ${row.parent} row`);
  }
  const wrongLatest = db.prepare(`SELECT o.id FROM objects o
    LEFT JOIN object_versions v ON v.seq = o.latest_seq AND v.oid = o.oid
    WHERE v.seq IS NULL
       OR EXISTS (SELECT 1 FROM object_versions w WHERE w.oid = o.oid AND w.version_key > v.version_key)`).pluck().all() as string[];
  for (const id of wrongLatest) problems.push(`objects: latest version of ${id} is not its greatest version`);
  db.function('tearline_id_hash', { deterministic: true }, (id: unknown) => (typeof id === 'string' ? idHash(id) : null));
  const wrongHashes = db.prepare(`SELECT id FROM objects WHERE id_hash IS NOT tearline_id_hash(id)
    UNION SELECT target_id FROM object_refs WHERE target_hash IS NOT tearline_id_hash(target_id)`).pluck().all() as string[];
  for (const id of wrongHashes) problems.push(`id hash of ${id} is not what id-hash.ts computes`);
  return problems;
}
