// The Admiralty code (DOMAIN.md §3): source reliability A-F (MISP adds G, deliberately
// deceptive) and information credibility 1-6, and their STIX forms.
import type { StixObject } from '../../domain/stix/object.ts';
import { derivedId } from './ids.ts';

/** DOMAIN.md §3: STIX confidence from credibility; 6 (cannot be judged) has none. */
const CONFIDENCE: Readonly<Record<string, number>> = { '1': 90, '2': 70, '3': 50, '4': 30, '5': 10 };

export function confidenceFromCredibility(grade: string): number | undefined {
  return CONFIDENCE[grade.trim()];
}

/** DOMAIN.md §3, back: 80-100 -> 1, 60-79 -> 2, 40-59 -> 3, 20-39 -> 4, 0-19 -> 5. */
export function credibilityFromConfidence(confidence: number): string | undefined {
  if (!Number.isInteger(confidence) || confidence < 0 || confidence > 100) return undefined;
  if (confidence >= 80) return '1';
  if (confidence >= 60) return '2';
  if (confidence >= 40) return '3';
  if (confidence >= 20) return '4';
  return '5';
}

const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

export function reliabilityGrade(text: string): ReliabilityGrade | undefined {
  const grade = text.trim().toUpperCase();
  return (RELIABILITY_GRADES as readonly string[]).includes(grade) ? (grade as ReliabilityGrade) : undefined;
}

/**
 * STIX has no reliability property (DOMAIN.md §3): the grade goes on the source's identity
 * in a property extension (§7.3) of our own. Its definition object travels with the output.
 */
export const SOURCE_RELIABILITY_EXTENSION_ID = derivedId('extension-definition', 'tearline:source-reliability');
const TEARLINE_IDENTITY_ID = derivedId('identity', 'tearline');

export const TEARLINE_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: TEARLINE_IDENTITY_ID,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Tearline',
  identity_class: 'system',
};

export const SOURCE_RELIABILITY_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: SOURCE_RELIABILITY_EXTENSION_ID,
  created_by_ref: TEARLINE_IDENTITY_ID,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Tearline source reliability',
  description:
    'The Admiralty code source reliability grade of the source an identity stands for: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F reliability cannot be judged, G deliberately deceptive (MISP admiralty-scale taxonomy).',
  // §7.3: the schema is a URL or plain text; ours is small enough to state.
  schema:
    'Property extension on identity. Properties: extension_type (required, "property-extension"); source_reliability (required, one of "A", "B", "C", "D", "E", "F", "G").',
  version: '1.0.0',
  extension_types: ['property-extension'],
};

/** The `extensions` entry for an identity whose source has this grade. */
export function reliabilityExtension(grade: ReliabilityGrade): Record<string, unknown> {
  return { [SOURCE_RELIABILITY_EXTENSION_ID]: { extension_type: 'property-extension', source_reliability: grade } };
}

/** The grade an identity carries in our extension, if any. */
export function reliabilityOf(identity: StixObject): ReliabilityGrade | undefined {
  const extensions = identity['extensions'];
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const entry = (extensions as Record<string, unknown>)[SOURCE_RELIABILITY_EXTENSION_ID];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const grade = (entry as Record<string, unknown>)['source_reliability'];
  return typeof grade === 'string' ? reliabilityGrade(grade) : undefined;
}
