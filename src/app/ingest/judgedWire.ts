// How a judge thread hands a judged batch back to the writing thread. The writing thread is
// the ingest's bottleneck, and structured-clone deserialisation of 2,000 row objects (each
// with named keys and nested ref objects) was a large part of its time: measured 2.5x the
// cost of this form, in which every field other than the JSON travels in one flat list.
//
// The rows' JSON travels as UTF-8 bytes in one buffer that is transferred, not copied, and
// the writing thread hands each row's slice to the store as it is. As strings, every text was
// copied into the writing thread's heap, collected there, and encoded to UTF-8 again when
// bound to the insert (ATT&CK end to end: median 2.28 s with strings, 2.00 s with bytes,
// five interleaved runs each).
import type { ObjectWrite } from '../ports.ts';
import type { JudgedValue } from './judge.ts';
import type { IngestIssue } from './outcome.ts';

export interface JudgedWire {
  /** The JSON of every row, in order, as UTF-8 bytes end to end. */
  readonly json: Uint8Array;
  /** Where each row's JSON ends in `json`. */
  readonly ends: readonly number[];
  /** Per item: objectId, errors, warnings, whether it has a row, then that row's fields. */
  readonly fields: readonly unknown[];
}

export function encodeJudged(judged: readonly JudgedValue[]): JudgedWire {
  const texts: (string | Uint8Array)[] = [];
  const fields: unknown[] = [];
  for (const item of judged) {
    // null (never an id) marks an absent objectId key, so the item comes back shaped as it left.
    fields.push('objectId' in item ? item.objectId : null, item.errors.length === 0 ? 0 : item.errors, item.warnings.length === 0 ? 0 : item.warnings);
    const row = item.row;
    if (row === undefined) {
      fields.push(false);
      continue;
    }
    texts.push(row.json);
    fields.push(true, row.id, row.type, row.specVersion, row.version, row.created, row.modified, row.revoked, row.refs.length);
    for (const ref of row.refs) fields.push(ref.path, ref.targetId);
    fields.push(row.markings.length);
    for (const marking of row.markings) fields.push(marking.markingRef, marking.selectors);
  }
  const ends: number[] = [];
  let total = 0;
  for (const text of texts) {
    total += typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength;
    ends.push(total);
  }
  // Its own ArrayBuffer, never Node's shared pool, so that it can be transferred.
  const json = Buffer.from(new ArrayBuffer(total));
  let at = 0;
  for (const text of texts) {
    if (typeof text === 'string') {
      at += json.write(text, at, 'utf8');
    } else {
      json.set(text, at);
      at += text.byteLength;
    }
  }
  return { json, ends, fields };
}

export function decodeJudged({ json, ends, fields }: JudgedWire): JudgedValue[] {
  const judged: JudgedValue[] = [];
  let f = 0;
  let row = 0;
  let start = 0;
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
    const end = ends[row++] as number;
    const rowJson = Buffer.from(json.buffer, json.byteOffset + start, end - start);
    start = end;
    const refs: { path: string; targetId: string }[] = [];
    for (let n = fields[f++] as number; n > 0; n--) refs.push({ path: fields[f++] as string, targetId: fields[f++] as string });
    const markings: { markingRef: string; selectors: string[] | null }[] = [];
    for (let n = fields[f++] as number; n > 0; n--) markings.push({ markingRef: fields[f++] as string, selectors: fields[f++] as string[] | null });
    const write: ObjectWrite = { id, type, specVersion, version, created, modified, revoked, json: rowJson, refs, markings };
    judged.push(objectId === null ? { row: write, errors, warnings } : { objectId, row: write, errors, warnings });
  }
  return judged;
}

function issues(value: unknown): readonly IngestIssue[] {
  return value === 0 ? [] : (value as IngestIssue[]);
}
