// Partners and release previews (issue 4): stored profiles with their history, the release
// policy in force, and the tearline preview over stored objects.
export type { PartnerProblem, PartnerProblemCode, Outcome } from './problems.ts';
export type { PartnerContext, PartnerView, PutPartnerOutcome } from './profiles.ts';
export { putPartnerProfile, removePartnerProfile, loadPartner, viewOf, partnerSubject } from './profiles.ts';
export type { PolicyInForce, SetPolicyOutcome } from './policy.ts';
export { defaultReleasePolicy, loadReleasePolicy, policyOf, setReleasePolicy, POLICY_SUBJECT } from './policy.ts';
export type { CollectOptions, CollectedPackage, ReadFilter } from './package.ts';
export { collectPackage } from './package.ts';
export type { PreviewBasis, PreviewRequest, TearlinePreview } from './preview.ts';
export { previewTearline, readPreviewRequest, MAX_PREVIEW_IDS, MAX_PREVIEW_OBJECTS } from './preview.ts';
