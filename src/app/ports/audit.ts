// Port: the tamper-evident audit log (issue 8 "Audit log"; ARCHITECTURE.md "every step ->
// audit log (hash-chained)").
//
// Append-only: entries are numbered 1, 2, 3… with no gaps, and each carries the SHA-256 of
// the previous one, so changing, removing, inserting or reordering entries breaks the chain
// at that position (app/audit/verify.ts finds it). Append inside the `store.write` of the
// change it records (`tx.audit.append(...)`): the entry commits with the change or not at all.
// No method updates or removes an entry; adapters also refuse it in the database.
//
// The seal below is part of the contract, not of one adapter: every adapter computes it the
// same way, so a chain exported from SQLite verifies the same as one from PostgreSQL.
import { createHash } from 'node:crypto';
import type { Page } from '../ports.ts';

/** A JSON value as stored in `details`: no undefined, functions, NaN or Infinity. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a caller records. */
export interface AuditDraft {
  /** When it happened: Clock.now(), an RFC 3339 UTC timestamp; stored with milliseconds. */
  readonly at: string;
  /** Who: `user:<username>`, `cli:<os user>`, `system:<component>`, `partner:<id>`, `anonymous`. */
  readonly actor: string;
  /** What, as `noun.verb` (`auth.login`, `objects.ingest`, `warning.approve`). */
  readonly action: string;
  /** What it was done to: an object id, `user:<name>`, a case id. */
  readonly subject: string;
  /** Why, in the actor's words (a waiver's justification, a reset's cause). */
  readonly reason?: string | null;
  /** Digest of the subject before the change (app/audit/digest.ts), when there was a before. */
  readonly before?: string | null;
  /** Digest of the subject after the change. */
  readonly after?: string | null;
  /** The threat or warning case concerned, for the oversight filters. */
  readonly threat?: string | null;
  /** The partner concerned (a STIX identity id or partner account id). */
  readonly partner?: string | null;
  /** Small structured facts (counts, ids, an IP address). Never secrets. */
  readonly details?: JsonValue | null;
}

export interface AuditEntry {
  /** Position in the chain, from 1. */
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly reason: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly threat: string | null;
  readonly partner: string | null;
  readonly details: JsonValue | null;
  /** `hash` of entry seq-1; AUDIT_GENESIS_HASH for entry 1. */
  readonly prevHash: string;
  /** SHA-256 hex of the entry's canonical form (auditSealInput), prevHash included. */
  readonly hash: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly subject?: string;
  readonly threat?: string;
  readonly partner?: string;
  /** Entries at or after this time (same format as `at`). */
  readonly from?: string;
  /** Entries strictly before this time. */
  readonly to?: string;
  readonly limit: number;
  /** `next` of the previous page. */
  readonly cursor?: string;
}

export interface AuditReads {
  /** The last entry's position and hash; null for an empty log. */
  head(): Promise<AuditHead | null>;
  /** Matching entries, newest first, paged. An unreadable cursor throws InvalidAuditCursorError. */
  list(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Every entry from `fromSeq` (default 1) in chain order, streamed in batches; for verification and export. */
  scan(fromSeq?: number): AsyncIterable<AuditEntry>;
}

export interface AuditWrites extends AuditReads {
  /** Seals the draft onto the chain's head and stores it; returns the stored entry. */
  append(draft: AuditDraft): Promise<AuditEntry>;
}

export class InvalidAuditCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(readonly cursor: string) {
    super('invalid audit cursor');
    this.name = 'InvalidAuditCursorError';
  }
}

/** The prevHash of entry 1. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const MAX_TEXT = 4096;
const MAX_DETAILS = 256 * 1024;

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('audit details hold a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const record = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k] as JsonValue)}`).join(',')}}`;
}

/** Refuses a draft that could not be sealed and verified the same way everywhere. */
export function checkAuditDraft(draft: AuditDraft): void {
  if (!AT.test(draft.at) || Number.isNaN(Date.parse(draft.at))) throw new RangeError(`audit 'at' must be an RFC 3339 UTC timestamp, got ${JSON.stringify(draft.at)}`);
  if (!ACTION.test(draft.action)) throw new RangeError(`audit action must be noun.verb, got ${JSON.stringify(draft.action)}`);
  for (const [name, text] of [['actor', draft.actor], ['subject', draft.subject]] as const) {
    if (text.length === 0 || text.length > MAX_TEXT) throw new RangeError(`audit ${name} must be 1-${MAX_TEXT} characters`);
  }
  for (const [name, text] of [['reason', draft.reason], ['before', draft.before], ['after', draft.after], ['threat', draft.threat], ['partner', draft.partner]] as const) {
    if (text !== undefined && text !== null && text.length > MAX_TEXT) throw new RangeError(`audit ${name} has more than ${MAX_TEXT} characters`);
  }
  if (draft.details !== undefined && draft.details !== null && canonicalJson(draft.details).length > MAX_DETAILS) {
    throw new RangeError(`audit details are larger than ${MAX_DETAILS} characters`);
  }
}

/** The exact text whose SHA-256 is an entry's hash: version tag, every field, the previous hash. */
export function auditSealInput(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    'tearline-audit/1',
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.subject,
    entry.reason,
    entry.before,
    entry.after,
    entry.threat,
    entry.partner,
    entry.details === null ? null : canonicalJson(entry.details),
    entry.prevHash,
  ]);
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditSealInput(entry), 'utf8').digest('hex');
}

/** The entry a draft becomes at position `seq` after `prevHash`: what every adapter stores. */
export function sealAuditEntry(draft: AuditDraft, seq: number, prevHash: string): AuditEntry {
  checkAuditDraft(draft);
  const unsealed: Omit<AuditEntry, 'hash'> = {
    seq,
    // One spelling per instant (milliseconds), so `from`/`to` filters compare as text.
    at: new Date(draft.at).toISOString(),
    actor: draft.actor,
    action: draft.action,
    subject: draft.subject,
    reason: draft.reason ?? null,
    before: draft.before ?? null,
    after: draft.after ?? null,
    threat: draft.threat ?? null,
    partner: draft.partner ?? null,
    details: draft.details ?? null,
    prevHash,
  };
  return { ...unsealed, hash: auditEntryHash(unsealed) };
}
