// Why something was withheld or redacted: a stable code for programs and a sentence for the
// releasing officer. Reasons stay with the officer; they are never sent to the partner.

export type ReasonCode =
  // portion rules (decide.ts)
  | 'source-protected'
  | 'above-clearance'
  | 'noforn'
  | 'rel-to-excludes'
  | 'no-foreign-release'
  | 'relido-no-decision'
  | 'orcon-no-consent'
  | 'display-only'
  | 'tlp-not-permitted'
  | 'unknown-control'
  | 'unknown-marking'
  | 'sharing-scope'
  | 'tearline-prohibited'
  // structural rules (the tearline engine)
  | 'reference-withheld'
  | 'required-reference-withheld'
  | 'required-property-withheld'
  | 'no-objects-left'
  | 'reference-target-absent'
  | 'marking-definition-withheld'
  | 'extension-withheld'
  | 'internal-reference'
  | 'source-replaced'
  | 'revoked'
  | 'not-reachable'
  | 'malformed';

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
}

export function reason(code: ReasonCode, message: string): Reason {
  return { code, message };
}
