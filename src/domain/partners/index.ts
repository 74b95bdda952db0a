// Partners: the profile the release policy decides against, and its JSON form.
export type { Partner, PartnerChannel, ChannelKind, Consent, ConsentType } from './partner.ts';
export { CHANNEL_KINDS, CONSENT_TYPES } from './partner.ts';
export type { PartnerParseResult } from './parse.ts';
export { parsePartnerProfile, parseConsent, CONSENT_KEYS } from './parse.ts';
export type { ConfigError, ConfigErrorCode } from './validate.ts';
export { Checker, at, isRecord, isStixId, isTimestamp } from './validate.ts';
