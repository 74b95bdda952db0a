// Every object type spec, by `type`, and the specs used for custom object types.

import { commonProps, SCO_COMMON, SCO_REQUIRED, SDO_SRO_COMMON, SDO_SRO_REQUIRED } from './common.ts';
import type { PropSpec, TypeSpec } from './kinds.ts';
import { EXTENSION_DEFINITION, LANGUAGE_CONTENT, MARKING_DEFINITION } from './meta.ts';
import { SCO_SPECS } from './sco.ts';
import { SDO_SPECS } from './sdo.ts';
import { RELATIONSHIP, SIGHTING } from './sro.ts';

const SPECS_BY_TYPE: ReadonlyMap<string, TypeSpec> = new Map(
  [...SDO_SPECS, RELATIONSHIP, SIGHTING, ...SCO_SPECS, LANGUAGE_CONTENT, MARKING_DEFINITION, EXTENSION_DEFINITION]
    .map((spec) => [spec.name, spec]),
);

/** The spec of a type STIX 2.1 defines, or undefined for custom types. */
export function specForType(type: string): TypeSpec | undefined {
  return SPECS_BY_TYPE.get(type);
}

function customType(name: string, section: string, category: TypeSpec['category'], common: Readonly<Record<string, PropSpec>>, required: readonly string[]): TypeSpec {
  return {
    name, section, category, props: new Map(Object.entries(common)), required,
    // §7.3.2.2, §11.2.1: a custom object's own properties follow the naming rules; `x_` is optional.
    unknownProps: 'extension', predefinedExtensions: new Map(), idContributing: null,
  };
}

/**
 * An object type defined by an extension definition as `new-sdo` or `new-sro`: it "MUST follow
 * all conformance requirements for that object type ... including ... the common properties" (§7.3).
 */
export const EXTENSION_SDO_SRO = customType('custom SDO/SRO', '7.3', 'custom', SDO_SRO_COMMON, SDO_SRO_REQUIRED);

/** An object type defined by an extension definition as `new-sco` (§7.3). */
export const EXTENSION_SCO = customType('custom SCO', '7.3', 'custom', SCO_COMMON, SCO_REQUIRED);

/**
 * A deprecated custom object (§11.2): it "MUST support the Common Properties", but as it does
 * not say whether it is an SDO, SRO or SCO, every common property is allowed and only type and
 * id are required.
 */
export const LEGACY_CUSTOM = customType('custom object', '11.2', 'custom', commonProps(
  ['type', 'spec_version', 'id', 'created_by_ref', 'created', 'modified', 'revoked', 'labels', 'confidence', 'lang',
    'external_references', 'object_marking_refs', 'granular_markings', 'defanged', 'extensions'],
  [],
), ['type', 'id']);
