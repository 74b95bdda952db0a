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

/** STIX 2.1 §2.9 shape `type--uuid`, checked loosely: enough to tell an id from other text. */
export function looksLikeId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9-]*--[0-9a-fA-F-]{36}$/.test(value);
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
  const walk = (value: unknown, path: Segment[], key: string | undefined): void => {
    if (typeof value === 'string') {
      if (key !== undefined && key.endsWith('_ref') && looksLikeId(value)) {
        out.push({ kind: 'single', path: [...path], targetId: value });
        return;
      }
      for (const id of idsInText(value)) if (mentionable(id)) out.push({ kind: 'text', path: [...path], targetId: id });
      return;
    }
    if (Array.isArray(value)) {
      const isRefList = key !== undefined && key.endsWith('_refs');
      value.forEach((item, i) => {
        if (isRefList && looksLikeId(item)) out.push({ kind: 'list', path: [...path, i], targetId: item });
        else walk(item, [...path, i], undefined);
      });
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], k);
    }
  };
  for (const [k, v] of Object.entries(obj)) {
    if (SKIPPED_TOP_LEVEL.has(k)) continue;
    walk(v, [k], k);
  }
  return out;
}
