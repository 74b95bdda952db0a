// Data markings as stored relations: object markings (§7.2.2) and granular markings (§7.2.3),
// and the TLP 1.0 marking definitions STIX 2.1 predefines (§7.2.1.4).

import { isJsonObject } from './json.ts';
import type { StixObject } from './object.ts';

/** §7.2.1.4: the only TLP marking definitions permitted, by id, with their TLP level. */
export const TLP_LEVEL_BY_ID: ReadonlyMap<string, string> = new Map([
  ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'],
  ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'],
  ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'],
  ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'],
]);

/** True for the four TLP 1.0 marking-definition ids predefined by STIX 2.1 §7.2.1.4. */
export function isPredefinedMarking(id: string): boolean {
  return TLP_LEVEL_BY_ID.has(id);
}

export interface AppliedMarking {
  readonly markingRef: string;
  /** null: applies to the whole object (object marking); else the granular selectors. */
  readonly selectors: string[] | null;
}

/**
 * The marking definitions applied to an object: every `object_marking_refs` entry (whole
 * object) and every granular marking with a `marking_ref` (its selectors). Granular markings
 * that only set `lang` are language markings, not data markings, and are skipped.
 */
export function extractMarkings(object: StixObject): AppliedMarking[] {
  const markings: AppliedMarking[] = [];
  const objectMarkings = object['object_marking_refs'];
  if (Array.isArray(objectMarkings)) {
    for (const ref of objectMarkings) if (typeof ref === 'string') markings.push({ markingRef: ref, selectors: null });
  }
  const granular = object['granular_markings'];
  if (Array.isArray(granular)) {
    for (const entry of granular) {
      if (!isJsonObject(entry) || typeof entry['marking_ref'] !== 'string') continue;
      const selectors: string[] = [];
      const listed = entry['selectors'];
      if (Array.isArray(listed)) for (const selector of listed) if (typeof selector === 'string') selectors.push(selector);
      markings.push({ markingRef: entry['marking_ref'], selectors });
    }
  }
  return markings;
}
