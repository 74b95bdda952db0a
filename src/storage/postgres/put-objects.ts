// putObjects in two round trips per batch, whatever its size:
// 1. look up what the store holds of the batch: each input's object (oid, latest key) and,
//    when that (id, version) is stored, its JSON;
// 2. judge the batch in memory (put-plan.ts), then write it all in one statement: sequence
//    numbers, new objects, versions, raised latest pointers, refs and markings, as
//    data-modifying CTEs.
// Round trips, not rows, are what a busy machine (or a database on another host) makes
// expensive: the server and this process wait for each other at every one.
import type { ObjectWrite, PutResult } from '../../app/ports.ts';
import { versionKey } from '../version-key.ts';
import { idHash } from '../sqlite/id-hash.ts';
import { planPut, type KnownObject } from './put-plan.ts';
import type { TxSql } from './sql.ts';
import { json, jsonColumns } from './bulk.ts';
import { run } from './statement.ts';

const LOOKUP = {
  name: 'tl_put_lookup',
  text: `SELECT k.n, o.oid, o.latest_key, v.json FROM ${jsonColumns('k', ['id', 'key'], { ordinality: 'n' })}
    JOIN objects o ON o.id = k.id
    LEFT JOIN object_versions v ON v.oid = o.oid AND v.version_key = k.key`,
};

// Versions are numbered 1..$2 in the statement (n), new objects 1..$1; every other row names
// its version or object by that number. seqs and oids draw from the sequences in that order
// (MATERIALIZED: each is computed once, however often it is joined), so a batch's versions
// and new objects get increasing numbers in input order.
// The latest pointer of a known object is raised only if the new key is greater: a condition
// on the objects row alone, which READ COMMITTED re-checks on the newest row version should a
// concurrent writer get there first (schema-v1.ts).
const PUT = {
  name: 'tl_put_objects',
  text: `WITH seqs AS MATERIALIZED (
      SELECT g AS n, nextval('object_version_seq') AS seq FROM generate_series(1, $2::int) AS g ORDER BY g
    ), oids AS MATERIALIZED (
      SELECT g AS n, nextval('object_oid_seq') AS oid FROM generate_series(1, $1::int) AS g ORDER BY g
    ), new_objects AS (
      INSERT INTO objects (oid, id, type, latest_seq, latest_key)
      SELECT o.oid, u.id, u.type, s.seq, u.latest_key
      FROM ${jsonColumns('u', ['id', 'type', 'latest_n', 'latest_key'], { first: 3, ordinality: 'n' })}
      JOIN oids o ON o.n = u.n JOIN seqs s ON s.n = u.latest_n::int
    ), new_versions AS (
      INSERT INTO object_versions (seq, oid, version_key, version, spec_version, created, modified, revoked, json)
      SELECT s.seq, coalesce(o.oid, u.known_oid::bigint), u.key, u.version, u.spec, u.created, u.modified, u.revoked::boolean, u.json
      FROM ${jsonColumns('u', ['object_n', 'known_oid', 'key', 'version', 'spec', 'created', 'modified', 'revoked', 'json'], { first: 7, ordinality: 'n' })}
      JOIN seqs s ON s.n = u.n LEFT JOIN oids o ON o.n = u.object_n::int
    ), raised AS (
      UPDATE objects t SET latest_seq = s.seq, latest_key = u.key
      FROM ${jsonColumns('u', ['oid', 'version_n', 'key'], { first: 16 })} JOIN seqs s ON s.n = u.version_n::int
      WHERE t.oid = u.oid::bigint AND u.key COLLATE "C" > t.latest_key
    ), refs AS (
      INSERT INTO object_refs (source_seq, ord, path, target_id, target_hash)
      SELECT s.seq, u.ord::int, u.path, u.target, u.hash::bigint
      FROM ${jsonColumns('u', ['version_n', 'ord', 'path', 'target', 'hash'], { first: 19 })} JOIN seqs s ON s.n = u.version_n::int
    )
    INSERT INTO object_markings (version_seq, ord, marking_ref, selectors)
    SELECT s.seq, u.ord::int, u.ref, u.selectors::jsonb
    FROM ${jsonColumns('u', ['version_n', 'ord', 'ref', 'selectors'], { first: 24 })} JOIN seqs s ON s.n = u.version_n::int`,
};

interface LookupRow {
  readonly n: number;
  readonly oid: number;
  readonly latest_key: string;
  readonly json: string | null;
}

export async function putObjects(tx: TxSql, objects: readonly ObjectWrite[]): Promise<readonly PutResult[]> {
  const keys = objects.map((object) => versionKey(object.version));
  const known = new Map<string, KnownObject>();
  const stored = new Map<string, Map<string, string>>();
  for (const row of await run<LookupRow>(tx, LOOKUP, [json(objects.map((o) => o.id)), json(keys)])) {
    const object = objects[row.n - 1] as ObjectWrite;
    known.set(object.id, { oid: row.oid, latestKey: row.latest_key });
    if (row.json === null) continue;
    let versions = stored.get(object.id);
    if (versions === undefined) stored.set(object.id, (versions = new Map()));
    versions.set(keys[row.n - 1] as string, row.json);
  }
  const plan = planPut(objects, keys, known, stored);
  if (plan.inserts.length === 0) return plan.results;

  /** The statement's number (n) of each version to insert, by input index. */
  const versionN = new Map(plan.inserts.map((index, i) => [index, i + 1]));
  const objectN = new Map(plan.newIds.map((id, i) => [id, i + 1]));
  const firstOf = new Map<string, ObjectWrite>();
  for (const index of plan.inserts) {
    const object = objects[index] as ObjectWrite;
    if (!firstOf.has(object.id)) firstOf.set(object.id, object);
  }
  const inserted = plan.inserts.map((index) => objects[index] as ObjectWrite);
  const latestOf = (id: string): number => plan.latest.get(id) as number;
  const raised = [...plan.latest].filter(([id]) => known.has(id));
  const refs = { n: [] as number[], ord: [] as number[], path: [] as string[], target: [] as string[], hash: [] as number[] };
  const markings = { n: [] as number[], ord: [] as number[], ref: [] as string[], selectors: [] as (readonly string[] | null)[] };
  inserted.forEach((object, i) => {
    object.refs.forEach((ref, ord) => {
      refs.n.push(i + 1);
      refs.ord.push(ord);
      refs.path.push(ref.path);
      refs.target.push(ref.targetId);
      refs.hash.push(idHash(ref.targetId));
    });
    object.markings.forEach((marking, ord) => {
      markings.n.push(i + 1);
      markings.ord.push(ord);
      markings.ref.push(marking.markingRef);
      markings.selectors.push(marking.selectors);
    });
  });
  await run(tx, PUT, [
    plan.newIds.length,
    plan.inserts.length,
    // New objects: an object's type is its first version's (a STIX id starts with its type anyway).
    json(plan.newIds),
    json(plan.newIds.map((id) => firstOf.get(id)?.type)),
    json(plan.newIds.map((id) => versionN.get(latestOf(id)))),
    json(plan.newIds.map((id) => keys[latestOf(id)])),
    // Versions.
    json(inserted.map((object) => objectN.get(object.id) ?? null)),
    json(inserted.map((object) => known.get(object.id)?.oid ?? null)),
    json(plan.inserts.map((index) => keys[index])),
    json(inserted.map((object) => object.version)),
    json(inserted.map((object) => object.specVersion)),
    json(inserted.map((object) => object.created)),
    json(inserted.map((object) => object.modified)),
    json(inserted.map((object) => object.revoked)),
    json(inserted.map((object) => object.json)),
    // Raised latest pointers of known objects.
    json(raised.map(([id]) => known.get(id)?.oid)),
    json(raised.map(([, index]) => versionN.get(index))),
    json(raised.map(([, index]) => keys[index])),
    // Refs and markings of the new versions.
    json(refs.n), json(refs.ord), json(refs.path), json(refs.target), json(refs.hash),
    json(markings.n), json(markings.ord), json(markings.ref), json(markings.selectors),
  ]);
  return plan.results;
}
