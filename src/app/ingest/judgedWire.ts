// How a judge thread hands a judged batch back to the writing thread. The writing thread is
// the ingest's bottleneck, and structured-clone deserialisation of 2,000 row objects (each
// with named keys and nested ref objects) was a large part of its time: measured 2.5x the
// cost of this form, in which the rows' JSON texts travel as one list of strings and every
// other field in one flat list.
//
// A list of strings, not one joined string: joining cost 4-8 ns a character, and cloning the
// joined text as much again once one row held a character beyond Latin-1 and the whole string
// turned two-byte (ATT&CK: about 0.55 s of both threads' time, against 0.07 s for the list).
// How much young generation the judge thread may grow is capped where it is started
// (judgeWorkers.ts).
import type { ObjectWrite } from '../ports.ts';
import type { JudgedValue } from './judge.ts';
import type { IngestIssue } from './outcome.ts';

export interface JudgedWire {
  /** The JSON of every row, in order. */
  readonly json: readonly string[];
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
    fields.push(true, row.id, row.type, row.specVersion, row.version, row.created, row.modified, row.revoked, row.refs.length);
    for (const ref of row.refs) fields.push(ref.path, ref.targetId);
    fields.push(row.markings.length);
    for (const marking of row.markings) fields.push(marking.markingRef, marking.selectors);
  }
  return { json, fields };
}

export function decodeJudged({ json, fields }: JudgedWire): JudgedValue[] {
  const judged: JudgedValue[] = [];
  let f = 0;
  let row = 0;
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
    const rowJson = json[row++] as string;
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
