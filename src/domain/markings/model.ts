// The handling model every marking system is mapped onto (DOMAIN.md §2): one value says what
// a portion (an object, or one of its properties) carries, whichever STIX marking-definitions
// said it. TLP 1.0/2.0, PAP, our own extension and ACS 3.0 all read into this shape, so policy
// and roll-up are written once.

export type Classification = 'U' | 'C' | 'S' | 'TS';
/** TLP 2.0 levels; TLP 1.0 WHITE reads as `clear` (FIRST TLP 2.0 §"TLP:CLEAR", formerly WHITE). */
export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export type PapLevel = 'clear' | 'green' | 'amber' | 'red';

export const CLASSIFICATIONS: readonly Classification[] = ['U', 'C', 'S', 'TS'];
export const TLP_LEVELS: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
export const PAP_LEVELS: readonly PapLevel[] = ['clear', 'green', 'amber', 'red'];

/** What one portion carries. Arrays are sorted and free of duplicates (see `normalise`). */
export interface Marking {
  /** Highest classification stated; undefined when no marking stated one. */
  readonly classification?: Classification;
  readonly noforn: boolean;
  /** Originator controlled: further dissemination needs the originator's consent. */
  readonly orcon: boolean;
  /** Releasable by information disclosure official: a recorded decision may extend release. */
  readonly relido: boolean;
  /** May be shown (disclosure), never handed over as a copy (release). */
  readonly displayOnly: boolean;
  /**
   * REL TO: countries (ISO 3166 alpha-3, tetragraphs expanded) the portion may be released to.
   * Undefined when no REL TO was stated.
   */
  readonly relTo?: readonly string[];
  /** Countries a DISPLAY ONLY portion may be shown to (besides REL TO ones). */
  readonly displayTo?: readonly string[];
  /** Source-identifying material: excluded from every tearline, never re-marked. */
  readonly sourceProtected: boolean;
  /** The originator must not be named (ACS 3.0 IDSRC not permitted): creator is replaced. */
  readonly concealSource: boolean;
  readonly tlp?: TlpLevel;
  readonly pap?: PapLevel;
  /** Controls we carry but do not interpret (SCI systems such as SI, FOUO, LES, ACS caveats). */
  readonly otherControls: readonly string[];
  /**
   * ACS 3.0 further-sharing scopes that are permitted (e.g. FOREIGNGOV, USA.USG, a country);
   * undefined when unrestricted.
   */
  readonly sharingScopes?: readonly string[];
  /** ACS 3.0 TEARLINE privilege: false when parts of the portion may not be torn out. */
  readonly tearlineAllowed: boolean;
}

/** A marking that says nothing: no restriction at all. */
export const NO_MARKING: Marking = Object.freeze({
  noforn: false,
  orcon: false,
  relido: false,
  displayOnly: false,
  sourceProtected: false,
  concealSource: false,
  otherControls: Object.freeze([]) as readonly string[],
  tearlineAllowed: true,
});

export function classificationRank(c: Classification | undefined): number {
  return c === undefined ? -1 : CLASSIFICATIONS.indexOf(c);
}

export function tlpRank(t: TlpLevel | undefined): number {
  return t === undefined ? -1 : TLP_LEVELS.indexOf(t);
}

export function papRank(p: PapLevel | undefined): number {
  return p === undefined ? -1 : PAP_LEVELS.indexOf(p);
}

export function maxClassification(a: Classification | undefined, b: Classification | undefined): Classification | undefined {
  return classificationRank(a) >= classificationRank(b) ? a : b;
}

export function maxTlp(a: TlpLevel | undefined, b: TlpLevel | undefined): TlpLevel | undefined {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}

export function maxPap(a: PapLevel | undefined, b: PapLevel | undefined): PapLevel | undefined {
  return papRank(a) >= papRank(b) ? a : b;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function intersect(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((x) => set.has(x));
}

/** Whether the marking states anything about dissemination (classification or controls). */
export function isDisseminationBearing(m: Marking): boolean {
  return m.classification !== undefined || m.relTo !== undefined || m.noforn || m.relido || m.displayOnly;
}

/**
 * Whether the marking limits foreign release: classified (a classified portion without REL TO
 * goes nowhere abroad), or naming a dissemination control. UNCLASSIFIED alone does not.
 */
export function limitsForeignRelease(m: Marking): boolean {
  return classificationRank(m.classification) > 0 || m.relTo !== undefined || m.noforn || m.relido || m.displayOnly;
}

/** Whether the portion is classified above UNCLASSIFIED. */
export function isClassified(m: Marking): boolean {
  return classificationRank(m.classification) > 0;
}

/** Builds a marking from a partial description, normalising lists. */
export function marking(partial: Partial<Marking>): Marking {
  return normalise({ ...NO_MARKING, ...partial });
}

/** Sorts and de-duplicates the lists and drops undefined optionals, so equal markings compare equal. */
export function normalise(m: Marking): Marking {
  const out: {
    -readonly [K in keyof Marking]: Marking[K];
  } = {
    noforn: m.noforn,
    orcon: m.orcon,
    relido: m.relido,
    displayOnly: m.displayOnly,
    sourceProtected: m.sourceProtected,
    concealSource: m.concealSource,
    otherControls: sortedUnique(m.otherControls),
    tearlineAllowed: m.tearlineAllowed,
  };
  if (m.classification !== undefined) out.classification = m.classification;
  if (m.relTo !== undefined) out.relTo = sortedUnique(m.relTo);
  // A DISPLAY ONLY country list means nothing without DISPLAY ONLY.
  if (m.displayTo !== undefined && m.displayOnly) out.displayTo = sortedUnique(m.displayTo);
  if (m.tlp !== undefined) out.tlp = m.tlp;
  if (m.pap !== undefined) out.pap = m.pap;
  if (m.sharingScopes !== undefined) out.sharingScopes = sortedUnique(m.sharingScopes);
  return out;
}

/**
 * Combines markings that all apply to the same content (several marking-definitions on one
 * object, or object markings plus the granular markings on one property: STIX 2.1 §7.2.3,
 * markings add up). Every restriction applies, so: highest classification, every control,
 * REL TO/DISPLAY ONLY/sharing scopes intersected where stated, most restrictive TLP and PAP,
 * permissions (RELIDO, TEARLINE) only if every marking that speaks to them grants them.
 * This is not the roll-up of separate portions into a product (see rollup.ts).
 */
export function combine(a: Marking, b: Marking): Marking {
  const aSpeaks = limitsForeignRelease(a);
  const bSpeaks = limitsForeignRelease(b);
  // A classified marking without REL TO permits no foreign release; a marking that says
  // nothing about it (UNCLASSIFIED, TLP, PAP, a statement) leaves the other's REL TO standing.
  let relTo: readonly string[] | undefined;
  let relido: boolean;
  let displayTo: readonly string[] | undefined;
  if (!aSpeaks) {
    relTo = b.relTo;
    relido = b.relido;
    displayTo = b.displayTo;
  } else if (!bSpeaks) {
    relTo = a.relTo;
    relido = a.relido;
    displayTo = a.displayTo;
  } else {
    relTo = a.relTo && b.relTo ? intersect(a.relTo, b.relTo) : undefined;
    relido = a.relido && b.relido;
    displayTo = a.displayTo && b.displayTo ? intersect(a.displayTo, b.displayTo) : (a.displayTo ?? b.displayTo);
  }
  const combined: Marking = {
    noforn: a.noforn || b.noforn,
    orcon: a.orcon || b.orcon,
    relido,
    displayOnly: a.displayOnly || b.displayOnly,
    sourceProtected: a.sourceProtected || b.sourceProtected,
    concealSource: a.concealSource || b.concealSource,
    otherControls: sortedUnique([...a.otherControls, ...b.otherControls]),
    tearlineAllowed: a.tearlineAllowed && b.tearlineAllowed,
    ...opt('classification', maxClassification(a.classification, b.classification)),
    ...opt('relTo', relTo),
    ...opt('displayTo', displayTo),
    ...opt('tlp', maxTlp(a.tlp, b.tlp)),
    ...opt('pap', maxPap(a.pap, b.pap)),
    ...opt(
      'sharingScopes',
      a.sharingScopes && b.sharingScopes ? intersect(a.sharingScopes, b.sharingScopes) : (a.sharingScopes ?? b.sharingScopes),
    ),
  };
  return normalise(combined);
}

export function combineAll(markings: Iterable<Marking>): Marking {
  let out = NO_MARKING;
  for (const m of markings) out = combine(out, m);
  return out;
}

/** `{[key]: value}` when value is defined, else `{}`: keeps optional properties absent. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** A stable text key for a marking (equal markings give equal keys). */
export function markingKey(m: Marking): string {
  return JSON.stringify(normalise(m));
}
