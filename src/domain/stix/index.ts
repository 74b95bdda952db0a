// STIX 2.1 object model and validator: the public surface of src/domain/stix.

export { versionOf, type StixBundle, type StixObject } from './object.ts';
export { validateBundle, validateObject, type BundleValidation, type ValidationIssue, type ValidationResult } from './validate/index.ts';
export { extractRefs, type EmbeddedRef } from './refs.ts';
export { extractMarkings, isPredefinedMarking, TLP_LEVEL_BY_ID, type AppliedMarking } from './markings.ts';
export { identifierType, isIdentifier, isValidTypeName, parseIdentifier, type ParsedIdentifier } from './identifiers.ts';
export { compareTimestamps, isTimestamp, timestampFractionDigits } from './timestamps.ts';
export { resolvesSelector, selectContent } from './selectors.ts';
export { categoryOf, META_TYPES, SCO_TYPES, SDO_TYPES, SRO_TYPES, type ObjectCategory } from './object-types.ts';
export { isSpecRelationship } from './relationships.ts';
