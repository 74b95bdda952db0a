// Attack-method kinds from names, following the report corpus's method labels
// (shared/data/reports/README.md "methods"): a vehicle-borne IED is `vbied` only, an
// explosive vest `suicide-vest`, pipe and roadside bombs `ied`, "a bomb" with no device type
// `unspecified-bomb`, rifles and gunmen `small-arms`, "set fire"/"torched" `arson`.
// Order matters: the most specific pattern is tried first.
import type { MethodKind } from './facts.ts';

const PATTERNS: readonly [MethodKind, RegExp][] = [
  ['vbied', /\bvbied\b|vehicle[- ]borne|car[- ]bomb|truck[- ]bomb|bomb-laden (?:car|truck|vehicle)|booby-trapped (?:car|vehicle)/i],
  ['suicide-vest', /suicide (?:vest|belt|bomb(?:er|ing)?)|explosive (?:vest|belt)|\bpbied\b/i],
  ['ied', /\bied\b|improvised explosive|roadside bomb|pipe bomb|landmine|\bmines?\b/i],
  ['drone', /\bdrones?\b|\buavs?\b|unmanned aerial/i],
  ['kidnapping', /kidnap|abduct|hostage|\bransom/i],
  ['arson', /arson|set fire|torch(?:ed|ing)|incendiar|ablaze|molotov/i],
  ['knife', /knife|knives|\bstab|\bblade|machete/i],
  ['small-arms', /small[- ]arms|shoot|\bgun(?:man|men|fire|s)?\b|rifle|firearm|pistol|\bak-?47\b|sniper/i],
  ['unspecified-bomb', /\bbomb|explosive|grenade/i],
];

/** The method kind a name describes; `cyber` for ATT&CK-style techniques, else `generic`. */
export function methodKindOf(name: string, externalIds: readonly string[] = []): MethodKind {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(name)) return kind;
  // MITRE ATT&CK technique ids (T1566, T1059.001) and CAPEC ids are cyber methods.
  if (externalIds.some((id) => /^(?:T\d{4}(?:\.\d{3})?|CAPEC-\d+)$/.test(id))) return 'cyber';
  return 'generic';
}
