// Free-text extraction (issue 5): a report text and its publication date become a STIX
// report whose object_refs hold the groups, people, places, sites, attack methods and
// observables it mentions, with markings parsed from its banners and portion marks.
export { extractFromText, type ExtractOptions, type MarkingValue, type PlaceValue } from './extract.ts';
export type { Mention, MentionKind } from './mention.ts';
export type { ObservableValue, ObservableType } from './observables/index.ts';
export { checkText, type TextInput } from './input.ts';
export { AUTOMATIC_CONFIDENCE_CAP } from './stix/bundle.ts';
export { MENTIONS_EXTENSION_ID, OBSERVABLES_EXTENSION_ID } from './stix/definitions.ts';
export { evaluate, formatEvaluation, type Evaluation, type DatasetScore, type Score } from './evaluate.ts';
