// Which object types a reference may point at, by category (§3.3: "Some ID references ... may
// be restricted to a subset of object types"). Custom types are allowed wherever their
// category could be right: a custom type may be an SDO, an SCO or an SRO (§7.3, §11.2).

import { BUNDLE_TYPE, META_TYPES, SCO_TYPES, SDO_TYPES, SRO_TYPES } from '../object-types.ts';
import type { RefTarget } from './kinds.ts';

export function typesTarget(...types: string[]): RefTarget {
  const allowed = new Set(types);
  return { label: types.join(' or '), allows: (type) => allowed.has(type) };
}

/** Any STIX Object (§4.4, §4.13, §4.15, §4.16, §7.1): everything but a bundle. */
export const ANY_OBJECT: RefTarget = { label: 'a STIX Object', allows: (type) => type !== BUNDLE_TYPE };

/** §5.1: "an SDO or SCO (i.e., it cannot point to an SRO, Bundle, Language Content, or Marking Definition)". */
export const SDO_OR_SCO: RefTarget = {
  label: 'an SDO or SCO',
  allows: (type) => !SRO_TYPES.has(type) && !META_TYPES.has(type) && type !== BUNDLE_TYPE,
};

/** §5.2: `sighting_of_ref` "MUST reference only an SDO". */
export const SDO_ONLY: RefTarget = {
  label: 'an SDO',
  allows: (type) => !SCO_TYPES.has(type) && !SRO_TYPES.has(type) && !META_TYPES.has(type) && type !== BUNDLE_TYPE,
};

/** An SCO (§4.12 `analysis_sco_refs`, §6.7 file `contains_refs`). */
export const SCO_ONLY: RefTarget = {
  label: 'an SCO',
  allows: (type) => !SDO_TYPES.has(type) && !SRO_TYPES.has(type) && !META_TYPES.has(type) && type !== BUNDLE_TYPE,
};

/** §4.14: observed-data `object_refs` lists SCOs and SROs. */
export const SCO_OR_SRO: RefTarget = {
  label: 'an SCO or SRO',
  allows: (type) => !SDO_TYPES.has(type) && !META_TYPES.has(type) && type !== BUNDLE_TYPE,
};

export const IDENTITY = typesTarget('identity');
export const MARKING_DEFINITION = typesTarget('marking-definition');
export const SOFTWARE = typesTarget('software');
