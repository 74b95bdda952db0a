// `tearline audit export`: the whole log as JSON Lines — a header line, one line per entry in
// chain order, and a trailer with the head (position and hash) and whether the chain
// verified, so the head can be anchored elsewhere (printed, mailed, signed, notarised).
import type { AuditEntry, AuditHead } from '../ports/audit.ts';
import { ChainVerifier, type ChainReport } from './verify.ts';

export const AUDIT_EXPORT_FORMAT = 'tearline-audit-export/1';

export interface ExportHeader {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly exportedAt: string;
}

export interface ExportTrailer {
  readonly head: AuditHead | null;
  readonly entries: number;
  readonly verified: boolean;
  readonly break?: ChainReport['break'];
}

/**
 * Streams the log to `write` (one call per line, newline included), verifying it in the same
 * pass. A broken chain is still exported whole; the trailer says where it breaks.
 */
export async function exportAuditLog(
  entries: AsyncIterable<AuditEntry>,
  exportedAt: string,
  write: (line: string) => Promise<void> | void,
): Promise<ChainReport> {
  const header: ExportHeader = { format: AUDIT_EXPORT_FORMAT, exportedAt };
  await write(`${JSON.stringify(header)}\n`);
  const verifier = new ChainVerifier();
  for await (const entry of entries) {
    verifier.push(entry);
    await write(`${JSON.stringify(entry)}\n`);
  }
  const report = verifier.report();
  const trailer: ExportTrailer = { head: report.head, entries: report.entries, verified: report.ok, ...(report.break === undefined ? {} : { break: report.break }) };
  await write(`${JSON.stringify(trailer)}\n`);
  return report;
}
