// Embedded relationships (§1.2.4, §3.3): every `*_ref` / `*_refs` property, at any depth
// (extensions and sub-objects included), is an edge from the object to another object.
// Markings are not edges of that kind: `object_marking_refs` and granular `marking_ref`
// values are left to extractMarkings (markings.ts).

import { isIdentifier } from './identifiers.ts';
import { isJsonObject } from './json.ts';
import type { StixObject } from './object.ts';
import { childPath, indexPath } from './validate/issues.ts';

export interface EmbeddedRef {
  /** Where the reference sits, e.g. `object_refs[2]` or `extensions.x.foo_ref`. */
  readonly path: string;
  readonly targetId: string;
}

function isMarkingProperty(key: string, depth: number): boolean {
  return depth === 0 && (key === 'object_marking_refs' || key === 'granular_markings');
}

function collect(value: unknown, path: string, depth: number, out: EmbeddedRef[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) collect(item, indexPath(path, i), depth + 1, out);
    }
    return;
  }
  if (!isJsonObject(value)) return;
  for (const key in value) {
    if (isMarkingProperty(key, depth)) continue;
    const child = value[key];
    if (typeof child === 'string') {
      // Only identifier-shaped strings are edges: custom `_ref` properties may hold anything,
      // and the deprecated observable container (§2.13) uses local keys such as "0".
      if (key.endsWith('_ref') && isIdentifier(child)) out.push({ path: childPath(path, key), targetId: child });
    } else if (Array.isArray(child) && key.endsWith('_refs')) {
      const listPath = childPath(path, key);
      for (let i = 0; i < child.length; i++) {
        const item: unknown = child[i];
        if (typeof item === 'string' && isIdentifier(item)) out.push({ path: indexPath(listPath, i), targetId: item });
      }
    } else if (typeof child === 'object' && child !== null) {
      collect(child, childPath(path, key), depth + 1, out);
    }
  }
}

/**
 * Every embedded reference in an object: `*_ref` and `*_refs` values anywhere in it, with the
 * path where each sits. Not `object_marking_refs` nor granular `marking_ref` (see extractMarkings).
 */
export function extractRefs(object: StixObject): EmbeddedRef[] {
  const out: EmbeddedRef[] = [];
  collect(object, '', 0, out);
  return out;
}
