// Where an object points at other objects. STIX 2.1 §3.1: reference properties end in `_ref`
// (one identifier) or `_refs` (a list), at any depth (SCO extensions, email MIME parts...).
// We also find identifiers of package objects written inside free text (a description that
// names `indicator--...`): a withheld id must not survive in prose either.
import type { StixObject } from '../../domain/stix/object.ts';
import type { Segment } from '../../domain/markings/selectors.ts';

export type RefKind = 'single' | 'list' | 'text';

export interface RefSite {
  readonly kind: RefKind;
  /**
   * single: the path of the `_ref` property; list: the path of the list item; text: the path
   * of the string that mentions the id.
   */
  readonly path: readonly Segment[];
  readonly targetId: string;
}

/** Properties that are not references to content (markings are handled as markings). */
const SKIPPED_TOP_LEVEL = new Set(['id', 'type', 'spec_version', 'created', 'modified', 'object_marking_refs', 'granular_markings']);

const ID_IN_TEXT = /[a-z][a-z0-9-]*[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/**
 * STIX 2.1 §2.9 shape `type--uuid`, checked loosely: enough to tell an id from other text.
 * The same test as /^[a-z][a-z0-9-]*--[0-9a-fA-F-]{36}$/ (the last 36 characters, the `--`
 * before them, a type before that), written out: it runs for every reference of every object.
 */
export function looksLikeId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const n = value.length;
  if (n < 39 || value.charCodeAt(n - 37) !== 45 || value.charCodeAt(n - 38) !== 45) return false;
  for (let i = n - 36; i < n; i++) {
    const c = value.charCodeAt(i);
    // 0-9, A-F, a-f, '-'
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 45)) return false;
  }
  const first = value.charCodeAt(0);
  if (first < 97 || first > 122) return false;
  for (let i = 1; i < n - 38; i++) {
    const c = value.charCodeAt(i);
    // a-z, 0-9, '-'
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/** Every identifier mentioned in a text. */
export function idsInText(text: string): string[] {
  if (!text.includes('--')) return [];
  return text.match(ID_IN_TEXT) ?? [];
}

/**
 * The reference sites of an object. `mentionable` says which ids count when found in text
 * (the package's own ids: other text that merely looks like an id is left alone).
 */
export function collectRefSites(obj: StixObject, mentionable: (id: string) => boolean): RefSite[] {
  const out: RefSite[] = [];
  // One path, pushed and popped as the walk goes; copied only when a site is recorded (this
  // runs over every value of every object of a package).
  const path: Segment[] = [];
  const walk = (value: unknown, key: string | undefined): void => {
    if (typeof value === 'string') {
      if (key !== undefined && key.endsWith('_ref') && looksLikeId(value)) {
        out.push({ kind: 'single', path: path.slice(), targetId: value });
        return;
      }
      if (!value.includes('--')) return;
      for (const id of idsInText(value)) if (mentionable(id)) out.push({ kind: 'text', path: path.slice(), targetId: id });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      const isRefList = key !== undefined && key.endsWith('_refs');
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        path.push(i);
        if (isRefList && looksLikeId(item)) out.push({ kind: 'list', path: path.slice(), targetId: item });
        else walk(item, undefined);
        path.pop();
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      path.push(k);
      walk(record[k], k);
      path.pop();
    }
  };
  for (const k of Object.keys(obj)) {
    if (SKIPPED_TOP_LEVEL.has(k)) continue;
    path.push(k);
    walk(obj[k], k);
    path.pop();
  }
  return out;
}
