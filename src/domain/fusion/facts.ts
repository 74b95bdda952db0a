// The plain values fusion and assessment work on. The application layer builds them from
// stored STIX objects (see fromStix.ts) so that the rules never touch storage or JSON.

/** Admiralty source reliability (DOMAIN.md §3): A completely reliable … E unreliable, F cannot be judged. */
export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Admiralty information credibility (DOMAIN.md §3): 1 confirmed … 5 improbable, 6 cannot be judged. */
export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;

/** group: an organisation ("ISIS"); cell: a named cell; individual: a named person. */
export type ActorKind = 'group' | 'cell' | 'individual';

export interface ActorFact {
  readonly id: string;
  /** Name first, then aliases, as written by the source. */
  readonly names: readonly string[];
  readonly kind: ActorKind;
}

/** How precise a place is: a named site, a city or town, a region, a country, or not known. */
export type PlaceKind = 'site' | 'city' | 'region' | 'country' | 'unknown';

export interface PlaceFact {
  readonly id: string;
  readonly name: string;
  readonly kind: PlaceKind;
  readonly lat?: number;
  readonly lon?: number;
  /** ISO 3166 code as given (alpha-2 in STIX, alpha-3 in some feeds). */
  readonly country?: string;
  /** The city or town the place lies in, when the source says so. */
  readonly city?: string;
  /** A stable key for a named site (a gazetteer id, or derived from the name: see places.ts). */
  readonly siteKey?: string;
}

/**
 * Attack methods as the report corpus labels them (shared/data/reports/README.md "methods"),
 * plus `generic` for "an attack" and `cyber` for ATT&CK techniques and the like.
 */
export type MethodKind =
  | 'vbied'
  | 'suicide-vest'
  | 'ied'
  | 'drone'
  | 'small-arms'
  | 'kidnapping'
  | 'arson'
  | 'knife'
  | 'unspecified-bomb'
  | 'cyber'
  | 'generic';

/** Harm to persons (DOMAIN.md §1 trigger), plus property-only and not known. */
export type Harm = 'killing' | 'serious-bodily-injury' | 'kidnapping' | 'property' | 'unknown';

export interface MethodFact {
  readonly id: string;
  readonly name: string;
  readonly kind: MethodKind;
  /** The harm the source states, when it says more than the method implies. */
  readonly harm?: Harm;
}

/** target: a thing or institution attacked; victim: people at risk. */
export type TargetRole = 'target' | 'victim';

export interface TargetFact {
  readonly id: string;
  readonly name: string;
  readonly role: TargetRole;
  /** true: named or identified ("the US embassy", "the abducted pupils"); false: a category ("hotels", "pilgrims"). */
  readonly specific: boolean;
}

export interface ObservableFact {
  /** STIX SCO type name (`ipv4-addr`, `domain-name`, `url`, `email-addr`, `file`, `phone-number`…). */
  readonly type: string;
  readonly value: string;
}

/** When the threatened act may happen, as ISO 8601 timestamps; start <= end. */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

export interface ReportFacts {
  readonly id: string;
  /** The identity that produced the report (STIX created_by_ref); null when not known. */
  readonly sourceId: string | null;
  readonly reliability: Reliability;
  readonly credibility: Credibility;
  readonly published: string | null;
  /** Facts were extracted automatically from text (DOMAIN.md §3: confidence capped at 50). */
  readonly automatic: boolean;
  /** An analyst has confirmed the automatic extraction, lifting the cap. */
  readonly analystConfirmed: boolean;
  readonly actors: readonly ActorFact[];
  readonly places: readonly PlaceFact[];
  readonly methods: readonly MethodFact[];
  readonly targets: readonly TargetFact[];
  readonly observables: readonly ObservableFact[];
  readonly window: TimeWindow | null;
  /** Ids of reports this one cites or derives from (independence: see independence.ts). */
  readonly cites: readonly string[];
}

/** A threat is the group of reports fused into it; everything else is derived from them. */
export interface ThreatFacts {
  readonly id: string;
  readonly reports: readonly ReportFacts[];
}
