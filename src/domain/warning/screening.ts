// The screening record (DOMAIN.md §1 "Screening records"): what harm, to whom, how credible,
// how specific, how soon. Credibility uses the Admiralty code and specificity our six-way
// vector (DOMAIN.md §3). Whether these values meet the trigger threshold is a policy
// decision (src/policy); the domain only insists that they are recorded and well formed.
import { isFields, readCountry, readEnum, readInstant, readText } from './read.ts';
import { accept, refuse, type Checked } from './result.ts';
import { IMMINENCE_CLASSES, type ImminenceClass } from './settings.ts';
import { formatInstant } from './time.ts';

export const HARM_TYPES = ['killing', 'serious_bodily_injury', 'kidnapping', 'other'] as const;
export type HarmType = (typeof HARM_TYPES)[number];

/** Only these harms create a duty to warn (DOMAIN.md §1 "Trigger", after ICD 191). */
export const DUTY_HARM_TYPES: readonly HarmType[] = ['killing', 'serious_bodily_injury', 'kidnapping'];

/** Admiralty code (DOMAIN.md §3): source reliability A-F. */
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type SourceReliability = (typeof SOURCE_RELIABILITY)[number];

/** Admiralty code (DOMAIN.md §3): information credibility 1-6. */
export const INFORMATION_CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;
export type InformationCredibility = (typeof INFORMATION_CREDIBILITY)[number];

export interface Credibility {
  readonly sourceReliability: SourceReliability;
  readonly informationCredibility: InformationCredibility;
}

/** DOMAIN.md §3 "Specificity": each dimension 0 unknown, 1 general, 2 specific. */
export const SPECIFICITY_DIMENSIONS = ['who', 'target', 'when', 'how', 'victim', 'location'] as const;
export type SpecificityDimension = (typeof SPECIFICITY_DIMENSIONS)[number];
export type SpecificityScore = 0 | 1 | 2;
export type SpecificityVector = Readonly<Record<SpecificityDimension, SpecificityScore>>;

/** Victims may be nationals or foreigners, a person, a group or a place (DOMAIN.md §1). */
export interface IntendedVictim {
  /** Who or what is threatened, e.g. "Pilgrims at the Sayyida Zaynab shrine". */
  readonly identity: string;
  /** Free text, because a group can be mixed or unknown ("Syrian and foreign pilgrims"). */
  readonly nationality: string;
  /** Where the victim is: ISO 3166 alpha-2 or alpha-3. */
  readonly country: string;
}

/** When the threatened act may happen; either end may be unknown (I3 is "later / unknown"). */
export interface TimeWindow {
  readonly start: string | null;
  readonly end: string | null;
}

export interface ScreeningInput {
  readonly harmType: HarmType;
  readonly victim: IntendedVictim;
  readonly credibility: Credibility;
  readonly specificity: SpecificityVector;
  readonly imminence: ImminenceClass;
  readonly window: TimeWindow;
}

export interface ScreeningRecord extends ScreeningInput {
  readonly recordedAt: string;
  readonly recordedBy: string;
}

function readVictim(value: unknown): Checked<IntendedVictim> {
  if (!isFields(value)) return refuse('missing-field', 'screening.victim is required');
  const identity = readText(value.identity, 'screening.victim.identity');
  if (!identity.ok) return identity;
  const nationality = readText(value.nationality, 'screening.victim.nationality');
  if (!nationality.ok) return nationality;
  const country = readCountry(value.country, 'screening.victim.country');
  if (!country.ok) return country;
  return accept({ identity: identity.value, nationality: nationality.value, country: country.value });
}

function readCredibility(value: unknown): Checked<Credibility> {
  if (!isFields(value)) return refuse('missing-field', 'screening.credibility is required');
  const reliability = readEnum(value.sourceReliability, SOURCE_RELIABILITY, 'screening.credibility.sourceReliability');
  if (!reliability.ok) return reliability;
  const credibility = readEnum(value.informationCredibility, INFORMATION_CREDIBILITY, 'screening.credibility.informationCredibility');
  if (!credibility.ok) return credibility;
  return accept({ sourceReliability: reliability.value, informationCredibility: credibility.value });
}

function readSpecificity(value: unknown): Checked<SpecificityVector> {
  if (!isFields(value)) return refuse('missing-field', 'screening.specificity is required');
  const vector: Partial<Record<SpecificityDimension, SpecificityScore>> = {};
  for (const dimension of SPECIFICITY_DIMENSIONS) {
    const score = readEnum(value[dimension], [0, 1, 2] as const, `screening.specificity.${dimension}`);
    if (!score.ok) return score;
    vector[dimension] = score.value;
  }
  return accept(vector as SpecificityVector);
}

function readWindowEnd(value: unknown, field: string): Checked<number | null> {
  if (value === undefined || value === null) return accept(null);
  return readInstant(value, field);
}

function readWindow(value: unknown): Checked<TimeWindow> {
  if (!isFields(value)) return refuse('missing-field', 'screening.window is required (use nulls for unknown ends)');
  const start = readWindowEnd(value.start, 'screening.window.start');
  if (!start.ok) return start;
  const end = readWindowEnd(value.end, 'screening.window.end');
  if (!end.ok) return end;
  if (start.value !== null && end.value !== null && end.value < start.value) {
    return refuse('invalid-field', 'screening.window.end is before screening.window.start');
  }
  return accept({
    start: start.value === null ? null : formatInstant(start.value),
    end: end.value === null ? null : formatInstant(end.value),
  });
}

/** Checks every field of a screening; the result is a fresh value, not the caller's object. */
export function readScreening(value: unknown): Checked<ScreeningInput> {
  if (!isFields(value)) return refuse('missing-field', 'screening is required');
  const harmType = readEnum(value.harmType, HARM_TYPES, 'screening.harmType');
  if (!harmType.ok) return harmType;
  const victim = readVictim(value.victim);
  if (!victim.ok) return victim;
  const credibility = readCredibility(value.credibility);
  if (!credibility.ok) return credibility;
  const specificity = readSpecificity(value.specificity);
  if (!specificity.ok) return specificity;
  const imminence = readEnum(value.imminence, IMMINENCE_CLASSES, 'screening.imminence');
  if (!imminence.ok) return imminence;
  const window = readWindow(value.window);
  if (!window.ok) return window;
  return accept({
    harmType: harmType.value,
    victim: victim.value,
    credibility: credibility.value,
    specificity: specificity.value,
    imminence: imminence.value,
    window: window.value,
  });
}
