// The portions of one STIX object: the object as a whole (object_marking_refs, STIX 2.1
// §7.2.2) and each property selected by granular markings (§7.2.3). Markings add up: a
// property carries the object's markings, its ancestors' granular markings and its own.
import type { StixObject } from '../stix/object.ts';
import type { ParsedMarking } from './definition.ts';
import type { Marking } from './model.ts';
import { NO_MARKING, combine } from './model.ts';
import { formatSelector, isPrefix, parseSelector, resolves, type Segment } from './selectors.ts';

/** Looks a marking-definition up by id; undefined when we have no such definition. */
export type MarkingResolver = (markingRef: string) => ParsedMarking | undefined;

export interface GranularPortion {
  readonly path: readonly Segment[];
  /** The selector as a canonical string, e.g. `external_references.[0].url`. */
  readonly selector: string;
  /** Object markings + granular markings on this path and its ancestors. */
  readonly marking: Marking;
  /** The marking-definition ids applied to this path itself. */
  readonly markingRefs: readonly string[];
  /** Why the markings on this path (or an ancestor) could not be read; empty when all known. */
  readonly unknown: readonly string[];
}

export interface ObjectPortions {
  /** The object's own markings (object_marking_refs) combined. */
  readonly objectMarking: Marking;
  readonly objectMarkingRefs: readonly string[];
  /** Why object-level markings could not be read; non-empty means the whole object is unknown. */
  readonly unknown: readonly string[];
  readonly granular: readonly GranularPortion[];
  /**
   * Selectors that select nothing in the object (STIX 2.1 §7.2.3.1 requires them to). Their
   * markings were applied to the whole object instead.
   */
  readonly unplaced: readonly string[];
}

function describeUnknown(ref: string, parsed: ParsedMarking | undefined): string {
  if (parsed === undefined) return `${ref}: marking-definition not present and not predefined`;
  return parsed.known ? '' : `${ref}: ${parsed.reason}`;
}

/** Reads the portions of an object. Pure; never throws on malformed marking properties. */
export function portionsOf(obj: StixObject, resolve: MarkingResolver): ObjectPortions {
  const unknown: string[] = [];
  let objectMarking = NO_MARKING;
  const objectRefs: string[] = [];
  const refs = obj['object_marking_refs'];
  if (refs !== undefined) {
    if (!Array.isArray(refs)) unknown.push('object_marking_refs is not a list');
    else {
      for (const ref of refs) {
        if (typeof ref !== 'string') {
          unknown.push('object_marking_refs holds a non-string');
          continue;
        }
        objectRefs.push(ref);
        const parsed = resolve(ref);
        if (parsed?.known) objectMarking = combine(objectMarking, parsed.marking);
        else unknown.push(describeUnknown(ref, parsed));
      }
    }
  }

  // Collect granular markings per selector path.
  const unplaced: string[] = [];
  const byPath = new Map<string, { path: Segment[]; marking: Marking; refs: string[]; unknown: string[] }>();
  const granular = obj['granular_markings'];
  if (granular !== undefined) {
    if (!Array.isArray(granular)) unknown.push('granular_markings is not a list');
    else {
      for (const g of granular) {
        if (typeof g !== 'object' || g === null) {
          unknown.push('granular_markings holds a non-object');
          continue;
        }
        const entry = g as Record<string, unknown>;
        const ref = entry['marking_ref'];
        // §7.2.3: an entry with `lang` and no marking_ref marks language, not handling.
        if (ref === undefined && typeof entry['lang'] === 'string') continue;
        const selectors = entry['selectors'];
        if (typeof ref !== 'string' || !Array.isArray(selectors) || selectors.length === 0) {
          unknown.push('granular marking without marking_ref or selectors');
          continue;
        }
        const parsed = resolve(ref);
        for (const selector of selectors) {
          const path = typeof selector === 'string' ? parseSelector(selector) : undefined;
          if (path === undefined || !resolves(obj, path)) {
            // A selector we cannot place: the marking's scope is unknown, so it applies to the
            // whole object (fail closed).
            unplaced.push(typeof selector === 'string' ? selector : JSON.stringify(selector));
            if (parsed?.known) objectMarking = combine(objectMarking, parsed.marking);
            else unknown.push(describeUnknown(ref, parsed));
            continue;
          }
          const key = formatSelector(path);
          let slot = byPath.get(key);
          if (!slot) {
            slot = { path, marking: NO_MARKING, refs: [], unknown: [] };
            byPath.set(key, slot);
          }
          slot.refs.push(ref);
          if (parsed?.known) slot.marking = combine(slot.marking, parsed.marking);
          else slot.unknown.push(describeUnknown(ref, parsed));
        }
      }
    }
  }

  const slots = [...byPath.entries()];
  const portions: GranularPortion[] = slots.map(([selector, slot]) => {
    let m = objectMarking;
    const why: string[] = [];
    for (const [, other] of slots) {
      if (isPrefix(other.path, slot.path)) {
        m = combine(m, other.marking);
        why.push(...other.unknown);
      }
    }
    return { path: slot.path, selector, marking: m, markingRefs: [...new Set(slot.refs)], unknown: why };
  });
  return { objectMarking, objectMarkingRefs: objectRefs, unknown, granular: portions, unplaced };
}
