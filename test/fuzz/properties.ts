// The properties every target shares: a rejection is a clear error (a non-empty code and
// message, and a path or item naming where), and an importer's output is what ingest takes.
import { extractMarkings, extractRefs, isPredefinedMarking, validateObject } from '../../src/domain/stix/index.ts';
import { versionOf, type StixObject } from '../../src/domain/stix/object.ts';

export interface IssueLike {
  readonly path?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/**
 * `{path, code, message}`: code and message non-empty strings; path a string ('' names the
 * root of the input, as the validator documents).
 */
export function issueProblems(where: string, issues: unknown, key: 'path' | 'item' = 'path'): string[] {
  if (!Array.isArray(issues)) return [`${where} is not a list`];
  const problems: string[] = [];
  issues.forEach((issue: unknown, i) => {
    if (issue === null || typeof issue !== 'object') {
      problems.push(`${where}[${i}] is not an object`);
      return;
    }
    const record = issue as Record<string, unknown>;
    if (!nonEmpty(record.code)) problems.push(`${where}[${i}].code is not a non-empty string: ${JSON.stringify(record.code)}`);
    if (!nonEmpty(record.message)) problems.push(`${where}[${i}].message is not a non-empty string: ${JSON.stringify(record.message)}`);
    if (key === 'path' ? typeof record.path !== 'string' : !nonEmpty(record.item)) problems.push(`${where}[${i}].${key} is missing: ${JSON.stringify(record[key])}`);
  });
  return problems;
}

/** Keeps reports readable: one problem of each kind, at most a few. */
export function firstProblems(problems: readonly string[], max = 5): string[] {
  return problems.slice(0, max).map((p) => (p.length > 500 ? `${p.slice(0, 497)}...` : p));
}

export function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * What `tearline ingest` needs of an importer's output to store it whole: every object valid
 * STIX (no validation errors), no (id, version) twice (ingest's duplicate-object rule), and
 * every reference resolvable inside the output (or a predefined TLP marking), since the
 * importer's output is stored as one atomic input.
 */
export function importOutputProblems(objects: unknown): string[] {
  if (!Array.isArray(objects)) return ['objects is not a list'];
  const problems: string[] = [];
  const ids = new Set<string>();
  const versions = new Set<string>();
  objects.forEach((object: unknown, i) => {
    const { errors } = validateObject(object);
    if (errors.length > 0) problems.push(`output objects[${i}] is invalid STIX: ${errors.slice(0, 3).map((e) => `${e.path} ${e.code}: ${e.message}`).join('; ')}`);
    const stix = object as StixObject;
    if (typeof stix?.id !== 'string') return;
    ids.add(stix.id);
    const key = `${stix.id}|${versionOf(stix)}`;
    if (versions.has(key)) problems.push(`output objects[${i}] repeats ${stix.id} version '${versionOf(stix)}'`);
    versions.add(key);
  });
  objects.forEach((object: unknown, i) => {
    if (object === null || typeof object !== 'object') return;
    const stix = object as StixObject;
    const targets = [...extractRefs(stix).map((r) => ({ path: r.path, id: r.targetId })), ...extractMarkings(stix).map((m) => ({ path: 'markings', id: m.markingRef }))];
    for (const target of targets) {
      if (target.id === stix.id || ids.has(target.id) || isPredefinedMarking(target.id)) continue;
      problems.push(`output objects[${i}].${target.path} references ${target.id}, which the output does not contain`);
      break;
    }
  });
  return problems;
}
