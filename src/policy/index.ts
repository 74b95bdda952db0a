// Release policy: pure, fail-closed decisions for each portion and object, with reasons.
export type { ReleasePolicy, ReleaseMode, PolicyConsent, InternalReferences } from './policy.ts';
export { releasePolicy, MITRE_IDENTITY_REF } from './policy.ts';
export type { Reason, ReasonCode } from './reasons.ts';
export { reason } from './reasons.ts';
export type { ReleaseContext, ConsentBook, PortionSubject, PortionDecision, Redaction, ObjectDecision, ReleasedPortion, PortionDecider } from './decide.ts';
export { releaseContext, decidePortion, decideObject } from './decide.ts';
export type { PolicyParseResult } from './parse.ts';
export { parseReleasePolicy } from './parse.ts';
