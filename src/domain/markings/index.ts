// Markings: TLP 1.0/2.0, PAP, classification and dissemination controls, our extension and
// ACS 3.0, read into one model; granular portions; roll-up into a product banner.
export type { Classification, TlpLevel, PapLevel, Marking } from './model.ts';
export {
  CLASSIFICATIONS,
  TLP_LEVELS,
  PAP_LEVELS,
  NO_MARKING,
  marking,
  combine,
  combineAll,
  classificationRank,
  tlpRank,
  papRank,
  isClassified,
  markingKey,
} from './model.ts';
export { isCountryCode, isTetragraph, tetragraphMembers, expandCountries, orderCountries } from './countries.ts';
export {
  TLP2_EXTENSION_ID,
  isPredefinedTlp1,
  isKnownTlpId,
  tlp1MarkingId,
  tlp2MarkingId,
  canonicalTlpDefinition,
  parseTlpLabel,
  parsePapLabel,
  renderTlp,
  renderPap,
} from './tlp.ts';
export type { ClassificationNames, BannerOptions } from './banner.ts';
export { DEFAULT_CLASSIFICATION_NAMES, renderBanner, parseBanner } from './banner.ts';
export type { RollUpOptions, ProductMarking } from './rollup.ts';
export { rollUp, productMarking } from './rollup.ts';
export type { MarkingKind, ParsedMarking, ParseMarkingOptions } from './definition.ts';
export { parseMarkingDefinition } from './definition.ts';
export { ACS_EXTENSION_ID, parseAcsMarking } from './acs.ts';
export type { WriteMarkingOptions } from './extension.ts';
export {
  TEARLINE_MARKING_EXTENSION_ID,
  TEARLINE_MARKING_EXTENSION,
  TEARLINE_IDENTITY_ID,
  TEARLINE_IDENTITY,
  toMarkingDefinition,
} from './extension.ts';
export { formatUuid, hashUuid4, uuidV5 } from './uuid.ts';
export type { Segment } from './selectors.ts';
export { parseSelector, formatSelector, resolves, isPrefix } from './selectors.ts';
export type { MarkingResolver, GranularPortion, ObjectPortions } from './portions.ts';
export { portionsOf } from './portions.ts';
export type { MarkingIndex } from './resolver.ts';
export { buildMarkingIndex } from './resolver.ts';
