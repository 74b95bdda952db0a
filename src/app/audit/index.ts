// The audit log's application side: digests, actor spelling, chain verification and export.
// Appending is the store's (`tx.audit.append`, app/ports/audit.ts) so it commits with the change.
export { digestOf, digestOfList } from './digest.ts';
export { ANONYMOUS_ACTOR, cliActor, systemActor, userActor } from './actors.ts';
export { ChainVerifier, formatAnchor, parseAnchor, verifyAuditChain, type ChainBreak, type ChainBreakKind, type ChainReport } from './verify.ts';
export { AUDIT_EXPORT_FORMAT, exportAuditLog, type ExportHeader, type ExportTrailer } from './exportLog.ts';
