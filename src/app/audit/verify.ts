// Verifies the audit chain (issue 8 "tearline audit verify"): recomputes every entry's hash,
// checks each links to the one before and that positions run 1, 2, 3… without a gap, and
// reports the first position where the chain breaks. An optional anchor (a head exported
// earlier and kept elsewhere) also catches the one change the chain cannot show by itself:
// entries removed from the end.
import { AUDIT_GENESIS_HASH, auditEntryHash, type AuditEntry, type AuditHead } from '../ports/audit.ts';

export type ChainBreakKind =
  /** The entry's content no longer matches its hash: changed, or moved to another position. */
  | 'altered'
  /** Positions are missing: entries were removed. */
  | 'missing'
  /** The entry does not link to the one before: one was inserted, removed or replaced before it. */
  | 'unlinked'
  /** Positions repeat or run backwards. */
  | 'out-of-order'
  /** The anchored head is not in the chain (removed from the end, or the chain was rewritten). */
  | 'anchor-mismatch';

export interface ChainBreak {
  readonly kind: ChainBreakKind;
  /** The position (seq) where the chain stops being trustworthy. */
  readonly position: number;
  readonly message: string;
}

export interface ChainReport {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** The last entry read (the head as stored); null for an empty log. */
  readonly head: AuditHead | null;
  /** Entries before this position are intact; absent when the whole chain is. */
  readonly break?: ChainBreak;
}

/** Checks entries one at a time, in the order stored; remembers the first break only. */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = AUDIT_GENESIS_HASH;
  #count = 0;
  #head: AuditHead | null = null;
  #anchorSeen = false;
  #break: ChainBreak | undefined;

  constructor(private readonly anchor?: AuditHead) {}

  push(entry: AuditEntry): void {
    this.#count += 1;
    this.#head = { seq: entry.seq, hash: entry.hash };
    if (this.#break !== undefined) return;
    this.#break = this.#check(entry);
    this.#prevHash = entry.hash;
    this.#expectedSeq = entry.seq + 1;
  }

  #check(entry: AuditEntry): ChainBreak | undefined {
    const expected = this.#expectedSeq;
    if (entry.seq < expected) {
      return { kind: 'out-of-order', position: entry.seq, message: `entry ${entry.seq} appears after entry ${expected - 1}: positions repeat or run backwards` };
    }
    if (entry.seq > expected) {
      const span = entry.seq - 1 === expected ? `entry ${expected} is` : `entries ${expected}-${entry.seq - 1} are`;
      return { kind: 'missing', position: expected, message: `${span} missing (removed)` };
    }
    const { hash, ...unsealed } = entry;
    if (auditEntryHash(unsealed) !== hash) {
      return { kind: 'altered', position: entry.seq, message: `entry ${entry.seq} does not match its hash: its content was changed or it was moved from another position` };
    }
    if (entry.prevHash !== this.#prevHash) {
      return { kind: 'unlinked', position: entry.seq, message: `entry ${entry.seq} does not link to entry ${entry.seq - 1}: an entry before it was inserted, removed or replaced` };
    }
    if (this.anchor !== undefined && entry.seq === this.anchor.seq) {
      if (entry.hash !== this.anchor.hash) {
        return { kind: 'anchor-mismatch', position: entry.seq, message: `entry ${entry.seq} is not the anchored entry (hash ${this.anchor.hash})` };
      }
      this.#anchorSeen = true;
    }
    return undefined;
  }

  report(): ChainReport {
    let found = this.#break;
    if (found === undefined && this.anchor !== undefined && !this.#anchorSeen) {
      const last = this.#expectedSeq - 1;
      found = { kind: 'anchor-mismatch', position: this.#expectedSeq, message: `the log ends at entry ${last}, before the anchored entry ${this.anchor.seq}: entries were removed from the end` };
    }
    return found === undefined ? { ok: true, entries: this.#count, head: this.#head } : { ok: false, entries: this.#count, head: this.#head, break: found };
  }
}

export async function verifyAuditChain(entries: AsyncIterable<AuditEntry>, anchor?: AuditHead): Promise<ChainReport> {
  const verifier = new ChainVerifier(anchor);
  for await (const entry of entries) verifier.push(entry);
  return verifier.report();
}

/** Reads `SEQ:HASH` (how exports and `audit verify` print a head). */
export function parseAnchor(text: string): AuditHead | undefined {
  const m = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m === null ? undefined : { seq: Number(m[1]), hash: m[2] as string };
}

export function formatAnchor(head: AuditHead): string {
  return `${head.seq}:${head.hash}`;
}
