// Consistency checks for crash, recovery and multi-node tests: the invariants the schema
// does not declare (the bulk tables have no foreign keys, see schema-v1.ts; latest_seq and
// latest_key must name the greatest version; stored id hashes must be what id-hash.ts
// computes; the sequences must be ahead of every number drawn from them).
import { idHash } from '../id-hash.ts';
import type { Sql } from './sql.ts';

const HASH_BATCH = 10_000;

export async function integrityProblems(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const wrongLatest = await sql.query<{ id: string }>(`SELECT o.id FROM objects o
    LEFT JOIN object_versions v ON v.seq = o.latest_seq AND v.oid = o.oid
    WHERE v.seq IS NULL OR v.version_key <> o.latest_key
       OR EXISTS (SELECT 1 FROM object_versions w WHERE w.oid = o.oid AND w.version_key > v.version_key)`);
  for (const row of wrongLatest) problems.push(`objects: latest version of ${row.id} is not its greatest version`);
  const orphans = await sql.query<{ what: string; n: number }>(`
    SELECT 'object_versions' AS what, count(*)::int AS n FROM object_versions v WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.oid = v.oid)
    UNION ALL SELECT 'object_refs', count(*)::int FROM object_refs r WHERE NOT EXISTS (SELECT 1 FROM object_versions v WHERE v.seq = r.source_seq)
    UNION ALL SELECT 'object_markings', count(*)::int FROM object_markings m WHERE NOT EXISTS (SELECT 1 FROM object_versions v WHERE v.seq = m.version_seq)`);
  for (const row of orphans) if (row.n > 0) problems.push(`${row.what}: ${row.n} rows point at a missing parent row`);
  const [sequences] = await sql.query<{ oids_ok: boolean; seqs_ok: boolean }>(`SELECT
    (SELECT coalesce(max(oid), 0) FROM objects) <= (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM object_oid_seq) AS oids_ok,
    (SELECT coalesce(max(seq), 0) FROM object_versions) <= (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM object_version_seq) AS seqs_ok`);
  if (sequences?.oids_ok !== true) problems.push('object_oid_seq is behind the greatest oid: new objects would collide');
  if (sequences?.seqs_ok !== true) problems.push('object_version_seq is behind the greatest seq: new versions would collide');
  let after: [number, number] = [0, -1];
  for (;;) {
    const rows = await sql.query<{ source_seq: number; ord: number; target_id: string; target_hash: number }>(
      `SELECT source_seq, ord, target_id, target_hash FROM object_refs WHERE (source_seq, ord) > ($1, $2)
        ORDER BY source_seq, ord LIMIT ${HASH_BATCH}`, after);
    for (const row of rows) {
      if (row.target_hash !== idHash(row.target_id)) problems.push(`id hash of ${row.target_id} is not what id-hash.ts computes`);
    }
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < HASH_BATCH) break;
    after = [last.source_seq, last.ord];
  }
  return problems;
}
