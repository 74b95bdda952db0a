// How a judge thread hands a judged batch back to the writing thread. The writing thread is
// the ingest's bottleneck, and structured-clone deserialisation of 2,000 row objects (each
// with named keys and nested ref objects) was a large part of its time: measured 2.5x the
// cost of this form, in which the rows' JSON travels concatenated (copied once, then cut
// into slices without copying) and every other field in one flat list.
//
// One string and one list per batch, not pieces of a few dozen rows: V8 keeps values over
// ~128 KB out of its young generation, and with pieces small enough to live there the judge
// thread's young generation grew to its 128 MiB limit (measured: peak RSS of a 200,000-object
// ingest 545 -> 505 MiB with one string and one list).
import type { ObjectWrite } from '../ports.ts';
import type { JudgedValue } from './judge.ts';
import type { IngestIssue } from './outcome.ts';

export interface JudgedWire {
  /** The JSON of every row, in order, concatenated. */
  readonly json: string;
  /** Per item: objectId, errors, warnings, whether it has a row, then that row's fields. */
  readonly fields: readonly unknown[];
}

export function encodeJudged(judged: readonly JudgedValue[]): JudgedWire {
  const json: string[] = [];
  const fields: unknown[] = [];
  for (const item of judged) {
    // null (never an id) marks an absent objectId key, so the item comes back shaped as it left.
    fields.push('objectId' in item ? item.objectId : null, item.errors.length === 0 ? 0 : item.errors, item.warnings.length === 0 ? 0 : item.warnings);
    const row = item.row;
    if (row === undefined) {
      fields.push(false);
      continue;
    }
    json.push(row.json);
    fields.push(true, row.id, row.type, row.specVersion, row.version, row.created, row.modified, row.revoked, row.json.length, row.refs.length);
    for (const ref of row.refs) fields.push(ref.path, ref.targetId);
    fields.push(row.markings.length);
    for (const marking of row.markings) fields.push(marking.markingRef, marking.selectors);
  }
  return { json: json.join(''), fields };
}

export function decodeJudged({ json, fields }: JudgedWire): JudgedValue[] {
  const judged: JudgedValue[] = [];
  let f = 0;
  let offset = 0;
  while (f < fields.length) {
    const objectId = fields[f++] as string | undefined | null;
    const errors = issues(fields[f++]);
    const warnings = issues(fields[f++]);
    if (fields[f++] !== true) {
      judged.push(objectId === null ? { errors, warnings } : { objectId, errors, warnings });
      continue;
    }
    const id = fields[f++] as string;
    const type = fields[f++] as string;
    const specVersion = fields[f++] as string;
    const version = fields[f++] as string;
    const created = fields[f++] as string | null;
    const modified = fields[f++] as string | null;
    const revoked = fields[f++] as boolean;
    const end = offset + (fields[f++] as number);
    const rowJson = json.slice(offset, end);
    offset = end;
    const refs: { path: string; targetId: string }[] = [];
    for (let n = fields[f++] as number; n > 0; n--) refs.push({ path: fields[f++] as string, targetId: fields[f++] as string });
    const markings: { markingRef: string; selectors: string[] | null }[] = [];
    for (let n = fields[f++] as number; n > 0; n--) markings.push({ markingRef: fields[f++] as string, selectors: fields[f++] as string[] | null });
    const row: ObjectWrite = { id, type, specVersion, version, created, modified, revoked, json: rowJson, refs, markings };
    judged.push(objectId === null ? { row, errors, warnings } : { objectId, row, errors, warnings });
  }
  return judged;
}

function issues(value: unknown): readonly IngestIssue[] {
  return value === 0 ? [] : (value as IngestIssue[]);
}
