// tearline threat <list|show|merge|split|pin|reject|reassess|refuse> (issue 6):
//   list [--json] [--limit N] [--status active|merged|retired]   threats by priority
//   show ID [--json]                                            members, links with evidence, assessment, history
//   merge ID OTHER_ID... | split ID REPORT_ID... | pin ID REPORT_ID | reject ID REPORT_ID   [--note TEXT]
//   reassess [--all]                                            re-assess threats whose class boundary passed (or all)
//   refuse                                                      re-fuse every stored report (keeps analyst decisions)
import type { Store } from '../../app/ports.ts';
import type { ThreatStatus } from '../../app/ports/threats.ts';
import { mergeThreats, pinReport, rejectLink, splitThreat, type DecisionContext, type DecisionResult } from '../../app/fusion/analystDecisions.ts';
import { reassess } from '../../app/fusion/reassess.ts';
import { refuseAll } from '../../app/fusion/refuseAll.ts';
import { listThreats, showThreat, type ThreatDetail, type ThreatListItem } from '../../app/fusion/threatView.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = `usage: tearline threat list [--json] [--limit N] [--status active|merged|retired] [--db PATH]
       tearline threat show ID [--json] [--db PATH]
       tearline threat merge ID OTHER_ID... [--note TEXT] [--json]
       tearline threat split ID REPORT_ID... [--note TEXT] [--json]
       tearline threat pin ID REPORT_ID [--note TEXT] [--json]
       tearline threat reject ID REPORT_ID [--note TEXT] [--json]
       tearline threat reassess [--all] [--json]
       tearline threat refuse [--json]`;
const OPTIONS = { ...STORE_OPTIONS, json: { type: 'boolean' }, limit: { type: 'string' }, status: { type: 'string' }, note: { type: 'string' }, all: { type: 'boolean' } } as const;
const STATUSES: readonly ThreatStatus[] = ['active', 'merged', 'retired'];

export async function threatCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, OPTIONS);
  const [sub, ...rest] = parsed.ok ? parsed.positionals : [];
  const usage = (message?: string): number => {
    io.stderr.write(`${message === undefined ? '' : `tearline threat: ${message}\n`}${USAGE}\n`);
    return EXIT_USAGE;
  };
  if (!parsed.ok) return usage(parsed.message);
  if (parsed.values.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const json = parsed.values.json === true;
  const limit = parsed.values.limit === undefined ? 100 : Number(parsed.values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return usage('--limit must be a whole number from 1 to 1000');
  const status = parsed.values.status;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) return usage(`--status must be one of ${STATUSES.join(', ')}`);
  const arity: Record<string, (n: number) => boolean> = {
    list: (n) => n === 0,
    show: (n) => n === 1,
    merge: (n) => n >= 2,
    split: (n) => n >= 2,
    pin: (n) => n === 2,
    reject: (n) => n === 2,
    reassess: (n) => n === 0,
    refuse: (n) => n === 0,
  };
  if (sub === undefined || arity[sub] === undefined) return usage(sub === undefined ? undefined : `unknown subcommand '${sub}'`);
  if (!arity[sub]?.(rest.length)) return usage(`wrong number of arguments for '${sub}'`);

  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  const now = deps.clock.now();
  const write = (value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, json ? undefined : 2)}\n`);
  try {
    switch (sub) {
      case 'list': {
        const page = await listThreats(store, { limit, ...(status === undefined ? {} : { status: status as ThreatStatus }) }, now);
        if (json) write(page);
        else io.stdout.write(formatList(page.threats));
        return EXIT_OK;
      }
      case 'show': {
        const detail = await showThreat(store, rest[0] as string, now);
        if (detail === null) {
          io.stderr.write(`tearline threat: no threat ${rest[0] as string}\n`);
          return EXIT_REJECTED;
        }
        if (json) write(detail);
        else io.stdout.write(formatDetail(detail));
        return EXIT_OK;
      }
      case 'reassess': {
        const result = await reassess(now, { store }, { all: parsed.values.all === true });
        if (json) write(result);
        else io.stdout.write(`re-assessed ${result.examined} threat(s); ${result.changed.length} changed${result.changed.length > 0 ? `: ${result.changed.join(', ')}` : ''}\n`);
        return EXIT_OK;
      }
      case 'refuse': {
        const result = await refuseAll({ store, clock: deps.clock }, { actor: actorOf(io) });
        if (json) write(result);
        else io.stdout.write(`re-fused ${result.reports} report(s) into ${result.threats} threat(s): ${result.created.length} new, ${result.changed.length} changed, ${result.retired.length} retired\n`);
        return EXIT_OK;
      }
      default:
        return decide(sub as 'merge' | 'split' | 'pin' | 'reject', rest, parsed.values.note, { store, clock: deps.clock, actor: actorOf(io) }, io, json);
    }
  } finally {
    await store.close();
  }
}

async function decide(kind: 'merge' | 'split' | 'pin' | 'reject', args: readonly string[], note: string | undefined, context: DecisionContext & { readonly store: Store }, io: CliIo, json: boolean): Promise<number> {
  const [threatId, ...ids] = args as [string, ...string[]];
  const withNote = note === undefined ? {} : { note };
  let result: DecisionResult;
  switch (kind) {
    case 'merge':
      result = await mergeThreats({ threatId, otherIds: ids, ...withNote }, context);
      break;
    case 'split':
      result = await splitThreat({ threatId, reportIds: ids, ...withNote }, context);
      break;
    case 'pin':
      result = await pinReport({ threatId, reportId: ids[0] as string, ...withNote }, context);
      break;
    case 'reject':
      result = await rejectLink({ threatId, reportId: ids[0] as string, ...withNote }, context);
      break;
  }
  if (!result.ok) {
    if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
    io.stderr.write(`tearline threat ${kind}: ${result.error.code}: ${result.error.message}\n`);
    return EXIT_REJECTED;
  }
  if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else io.stdout.write(`${kind} recorded as decision #${result.decision.seq}; threats changed: ${result.affected.join(', ')}\n`);
  return EXIT_OK;
}

/** How the audit log names the person at the terminal. */
function actorOf(io: CliIo): string {
  const user = io.env.USER ?? io.env.USERNAME;
  return `cli:${user === undefined || user === '' ? 'operator' : user}`;
}

export function formatList(threats: readonly ThreatListItem[]): string {
  if (threats.length === 0) return 'no threats\n';
  const rows = threats.map((t) => [
    t.priority === null ? '-' : `${t.priority.band} ${t.priority.score}`,
    t.dutyToWarn ? 'DTW' : '-',
    t.imminence ?? '-',
    t.credibility === null ? '-' : `${t.credibility.grade} (${t.credibility.confidence ?? '-'})`,
    t.specificity === null ? '-' : `${t.specificity.total}/12`,
    String(t.reportCount),
    t.id,
    t.name,
  ]);
  const header = ['PRIORITY', 'WARN', 'IMMINENCE', 'CREDIBILITY', 'SPECIFICITY', 'REPORTS', 'ID', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function formatDetail(t: ThreatDetail): string {
  const out: string[] = [];
  out.push(`${t.id}  ${t.name}`);
  out.push(`status ${t.status}${t.mergedInto === null ? '' : ` into ${t.mergedInto}`} · ${t.reportCount} report(s) · updated ${t.updatedAt}`);
  if (t.priority !== null) {
    const spec = t.specificity === null ? '' : Object.entries(t.specificity.vector).map(([k, v]) => `${k} ${v}`).join(', ');
    out.push(`priority ${t.priority.band} (${t.priority.score})${t.dutyToWarn ? ' · DUTY-TO-WARN CANDIDATE' : ''} · imminence ${t.imminence ?? '-'}`);
    if (t.window !== null) out.push(`window ${t.window.start} → ${t.window.end}${t.hoursToStart === null ? '' : ` (starts in ${t.hoursToStart} h)`}`);
    out.push(`credibility ${t.credibility?.grade ?? '-'} (confidence ${t.credibility?.confidence ?? 'absent'}) · specificity ${t.specificity?.total ?? 0}/12 (${spec}) · harm ${t.harm ?? '-'} · severity ${t.severity ?? '-'}`);
    out.push(`next re-assessment ${t.nextReassessment ?? 'none'} · next deadline ${t.nextDeadline ?? 'none yet'}`);
  }
  out.push('', 'Reports');
  for (const r of t.reports) {
    out.push(`  ${r.id}  ${r.grade}${r.automatic ? ' (automatic, unconfirmed)' : ''}  ${r.title}`);
    out.push(`    published ${r.published ?? '?'} · added ${r.addedAt}${r.window === null ? '' : ` · window ${r.window.start} → ${r.window.end}`}`);
    out.push(`    why: ${r.reason}`);
    for (const s of r.suppressed) out.push(`    suppressed ${s.value}: ${s.reason} (${s.detail})`);
  }
  const section = (title: string, lines: readonly string[]): void => {
    if (lines.length === 0) return;
    out.push('', title, ...lines.map((l) => `  ${l}`));
  };
  section('Actors', t.actors.map((a) => `${a.names.join(' / ')} (${a.kind}) — ${a.reportIds.length} report(s)`));
  section('Places', t.places.map((p) => `${p.name} (${p.kind}${p.lat === undefined ? '' : `, ${p.lat}, ${p.lon}`}) — ${p.reportIds.length} report(s)`));
  section('Methods', t.methods.map((m) => `${m.name} (${m.kind}) — ${m.reportIds.length} report(s)`));
  section('Targets', t.targets.map((x) => `${x.name} (${x.role}${x.specific ? ', identified' : ''}) — ${x.reportIds.length} report(s)`));
  section('Observables', t.observables.map((o) => `${o.type} ${o.value} — ${o.reportIds.length} report(s)`));
  const links: string[] = [];
  for (const l of t.links) {
    links.push(`${l.reportId}${l.member ? '' : ' (not a member: suggested)'} ~ ${l.againstId}: score ${l.score}, ${l.joinable ? 'joins' : 'does not join'}, ${l.anchor}${l.rejected ? ' · REJECTED by an analyst' : ''}`);
    for (const e of l.evidence) links.push(`    ${e.rule} (${e.weight >= 0 ? '+' : ''}${e.weight}): ${e.values.join('; ')}`);
  }
  section('Links and their evidence', links);
  if (t.assessment !== null) section(`Assessment at ${t.assessment.assessedAt}`, t.assessment.explanation);
  section('History', t.history.map((h) => `#${h.seq} ${h.assessedAt} ${h.trigger}: ${h.summary.priority.band} (${h.summary.priority.score}), ${h.summary.imminence}${h.summary.dutyToWarn ? ', duty to warn' : ''}, credibility ${h.summary.credibility.grade}`));
  section('Analyst decisions', t.decisions.map((d) => `#${d.seq} ${d.decidedAt} ${d.actor}: ${JSON.stringify(d.decision)}${d.note === null ? '' : ` — ${d.note}`}`));
  return `${out.join('\n')}\n`;
}
