// tearline report oversight [--from T] [--to T] [--json] (issue 7 "Time to warn"): counts,
// median and 90th percentile time-to-warn per stage, deadline breaches, waivers by reason,
// deliveries by channel, acknowledgement latency, and each case's timestamps. Cases belong
// to the period their first report arrived in (from inclusive, to exclusive).
import { oversightReport, type OversightReport, type StageFigures } from '../../app/warning/oversight.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = 'usage: tearline report oversight [--from DATE|TIME] [--to DATE|TIME] [--json] [--db PATH]';
const OPTIONS = { ...STORE_OPTIONS, json: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' } } as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (!INSTANT.test(value) || Number.isNaN(Date.parse(value))) return null;
  return new Date(value).toISOString();
}

export async function reportCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, OPTIONS);
  const usage = (message?: string): number => {
    io.stderr.write(`${message === undefined ? '' : `tearline report: ${message}\n`}${USAGE}\n`);
    return EXIT_USAGE;
  };
  if (!parsed.ok) return usage(parsed.message);
  if (parsed.values.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const [kind, ...rest] = parsed.positionals;
  if (kind !== 'oversight' || rest.length > 0) return usage(kind === undefined ? undefined : `unknown report '${kind}'`);
  const from = instant(parsed.values.from);
  const to = instant(parsed.values.to);
  if (from === null || to === null) return usage('--from and --to are dates (2025-07-01) or RFC 3339 timestamps');
  if (from !== undefined && to !== undefined && to <= from) return usage('--to must be after --from');
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  try {
    const report = await oversightReport(opened.store, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    io.stdout.write(parsed.values.json === true ? `${JSON.stringify(report)}\n` : formatReport(report));
    return EXIT_OK;
  } finally {
    await opened.store.close();
  }
}

/** 95 min → "1h 35m"; 42 s → "42s". */
export function duration(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

function counts(record: Readonly<Record<string, number>>): string {
  const shown = Object.entries(record).filter(([, n]) => n > 0);
  return shown.length === 0 ? 'none' : shown.map(([k, n]) => `${k} ${n}`).join(', ');
}

function formatReport(r: OversightReport): string {
  const stage = (name: string, f: StageFigures): string => `  ${name.padEnd(26)} ${String(f.count).padStart(5)}  ${duration(f.medianMs).padStart(9)}  ${duration(f.p90Ms).padStart(9)}`;
  const lines = [
    `Oversight report${r.from === null ? '' : ` from ${r.from}`}${r.to === null ? '' : ` to ${r.to}`}`,
    `Cases: ${r.cases.total} (${counts(r.cases.byState)})`,
    `Outcomes: ${counts(r.cases.byOutcome)}; decisions: ${counts(r.cases.byDecision)}`,
    '',
    `Time to warn${' '.repeat(17)}count     median        p90`,
    ...Object.entries(r.timeToWarn).map(([name, f]) => stage(name, f)),
    '',
    `Deadline breaches: ${r.deadlineBreaches.total} in ${r.deadlineBreaches.cases} case(s) (${counts(r.deadlineBreaches.byStage)})`,
    `Waivers: ${r.waivers.proposed} proposed, ${r.waivers.approved} approved, ${r.waivers.rejected} rejected`,
    ...Object.entries(r.waivers.byReason).filter(([, w]) => w.proposed > 0).map(([reason, w]) => `  ${reason}: ${w.proposed} proposed, ${w.approved} approved, ${w.rejected} rejected`),
    `Deliveries: ${r.deliveries.total} (${counts(r.deliveries.byKind)})`,
    ...Object.entries(r.deliveries.byChannel).filter(([, d]) => d.delivered + d.failedAttempts > 0).map(([channel, d]) => `  ${channel}: ${d.delivered} delivered, ${d.failedAttempts} failed attempt(s)`),
    `Acknowledgement: ${r.acknowledgement.count} acknowledged, median ${duration(r.acknowledgement.medianMs)}, p90 ${duration(r.acknowledgement.p90Ms)}; ${r.acknowledgement.unacknowledged} delivered without acknowledgement`,
    '',
    'Cases (first report, flagged, triggered, decided, approved, delivered, acknowledged)',
    ...r.threats.map((t) => `  ${t.caseId} ${t.state}: ${[t.reportedAt, t.flaggedAt, t.triggeredAt, t.decidedAt, t.approvedAt, t.deliveredAt, t.acknowledgedAt].map((x) => x ?? '-').join('  ')}${t.outcome === null ? '' : ` → ${t.outcome}`}`),
  ];
  return `${lines.join('\n')}\n`;
}
