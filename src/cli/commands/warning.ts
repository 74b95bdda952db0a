// tearline warning <list|show|apply|draft|preview|deadlines> (issue 7, DOMAIN.md §1):
//   list [--state S[,S…]] [--limit N] [--json]          cases by id, with their next deadline
//   show CASE_ID [--json]                                case, history, events, deadlines, approvals, products
//   apply CASE_ID COMMAND.json --as USER [--json]        one workflow command (file or -), acting as USER
//   draft CASE_ID --partner NAME --text FILE --as USER [--sunset T] [--channels taxii,email] [--summary S] [--json]
//                                                        tears, freezes and hashes the product, then draft_warning
//   preview CASE_ID --partner NAME [--json]              the tearline for that partner; nothing stored
//   deadlines [--json]                                   one scheduler tick now: open flagged threats' cases,
//                                                        escalate breaches, re-open due re-reviews
// The local operator acts with the authority of the database file, as a named user whose
// roles come from the users facet: the workflow then checks them like any other user's.
import type { Store } from '../../app/ports.ts';
import type { ProductChannel } from '../../app/ports/warnings.ts';
import { actorOfUser } from '../../app/warning/actors.ts';
import { listWarningCases, showWarningCase, type CaseDetail, type CaseListItem } from '../../app/warning/caseView.ts';
import { draftWarningForPartner } from '../../app/warning/draftWarning.ts';
import { previewRelease } from '../../app/warning/releasePreview.ts';
import { runWarningCommand } from '../../app/warning/runCommand.ts';
import { runDeadlines } from '../../app/warning/runDeadlines.ts';
import { warningSettingsFromEnv } from '../../app/warning/settings.ts';
import { WARNING_STATES, type UserActor, type WarningCommand, type WarningState } from '../../domain/warning/index.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { readInput } from '../readInput.ts';

const USAGE = `usage: tearline warning list [--state S[,S...]] [--limit N] [--json] [--db PATH]
       tearline warning show CASE_ID [--json]
       tearline warning apply CASE_ID COMMAND.json --as USER [--json]     (COMMAND.json may be -)
       tearline warning draft CASE_ID --partner NAME --text FILE --as USER [--sunset TIME] [--channels taxii,webhook,email] [--summary TEXT] [--json]
       tearline warning preview CASE_ID --partner NAME [--json]
       tearline warning deadlines [--json]`;
const OPTIONS = {
  ...STORE_OPTIONS,
  json: { type: 'boolean' },
  limit: { type: 'string' },
  state: { type: 'string' },
  as: { type: 'string' },
  partner: { type: 'string' },
  text: { type: 'string' },
  sunset: { type: 'string' },
  channels: { type: 'string' },
  summary: { type: 'string' },
} as const;
const MAX_COMMAND_BYTES = 1024 * 1024;

export async function warningCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, OPTIONS);
  const [sub, ...rest] = parsed.ok ? parsed.positionals : [];
  const usage = (message?: string): number => {
    io.stderr.write(`${message === undefined ? '' : `tearline warning: ${message}\n`}${USAGE}\n`);
    return EXIT_USAGE;
  };
  if (!parsed.ok) return usage(parsed.message);
  if (parsed.values.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const v = parsed.values;
  const arity: Record<string, number> = { list: 0, show: 1, apply: 2, draft: 1, preview: 1, deadlines: 0 };
  if (sub === undefined || arity[sub] === undefined) return usage(sub === undefined ? undefined : `unknown subcommand '${sub}'`);
  if (rest.length !== arity[sub]) return usage(`wrong number of arguments for '${sub}'`);
  const limit = v.limit === undefined ? 100 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return usage('--limit must be a whole number from 1 to 1000');
  let states: WarningState[] | undefined;
  if (v.state !== undefined) {
    states = v.state.split(',').map((s) => s.trim()) as WarningState[];
    const unknown = states.filter((s) => !WARNING_STATES.includes(s));
    if (unknown.length > 0) return usage(`unknown state ${unknown.join(', ')}`);
  }
  if ((sub === 'apply' || sub === 'draft') && (v.as === undefined || v.as === '')) return usage(`'${sub}' needs --as USER`);
  if ((sub === 'draft' || sub === 'preview') && (v.partner === undefined || v.partner === '')) return usage(`'${sub}' needs --partner NAME`);
  if (sub === 'draft' && (v.text === undefined || v.text === '')) return usage("'draft' needs --text FILE");
  let channels: ProductChannel[] | undefined;
  if (v.channels !== undefined) {
    channels = v.channels.split(',').map((c) => c.trim()) as ProductChannel[];
    if (!channels.every((c) => c === 'taxii' || c === 'webhook' || c === 'email')) return usage('--channels is a list of taxii, webhook, email');
  }
  const settings = warningSettingsFromEnv(io.env);
  if (!settings.ok) return usage(settings.errors.join('; '));

  const opened = await openFor(io, deps, overridesFrom(v));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  const now = deps.clock.now();
  const json = v.json === true;
  const write = (value: unknown): void => void io.stdout.write(`${JSON.stringify(value, null, json ? undefined : 2)}\n`);
  const refused = (code: string, message: string): number => {
    io.stderr.write(`tearline warning: refused: ${code}: ${message}\n`);
    return EXIT_REJECTED;
  };
  try {
    switch (sub) {
      case 'list': {
        const page = await listWarningCases(store, { limit, ...(states === undefined ? {} : { states }) }, now);
        if (json) write({ cases: page.items, ...(page.next === undefined ? {} : { next: page.next }) });
        else io.stdout.write(formatList(page.items));
        return EXIT_OK;
      }
      case 'show': {
        const detail = await showWarningCase(store, rest[0] as string, { showWaivers: true, now });
        if (detail === null) return refused('case-not-found', `no warning case ${rest[0] as string}`);
        if (json) write(detail);
        else io.stdout.write(formatDetail(detail));
        return EXIT_OK;
      }
      case 'apply': {
        const actor = await actorNamed(store, v.as as string);
        if (typeof actor === 'string') return refused('unknown-user', actor);
        const input = await readInput(rest[1] as string, io.stdin, MAX_COMMAND_BYTES);
        if (!input.ok) return refused(input.code, input.message);
        let command: unknown;
        try {
          command = JSON.parse(input.bytes.toString('utf8'));
        } catch (error) {
          return refused('malformed-json', `${rest[1] as string} is not JSON: ${(error as Error).message}`);
        }
        const result = await runWarningCommand(store, rest[0] as string, command as WarningCommand, actor, deps.clock);
        if (!result.ok) return refused(result.code, result.message);
        if (json) write({ case: result.case });
        else io.stdout.write(`${result.case.id}: ${result.case.state}\n`);
        return EXIT_OK;
      }
      case 'draft': {
        const actor = await actorNamed(store, v.as as string);
        if (typeof actor === 'string') return refused('unknown-user', actor);
        const text = await readInput(v.text as string, io.stdin, MAX_COMMAND_BYTES);
        if (!text.ok) return refused(text.code, text.message);
        const secret = io.env.TEARLINE_RELEASE_SECRET;
        const result = await draftWarningForPartner(
          store,
          rest[0] as string,
          {
            partnerName: v.partner as string,
            warningText: text.bytes.toString('utf8'),
            ...(v.summary === undefined ? {} : { summary: v.summary }),
            ...(v.sunset === undefined ? {} : { sunset: v.sunset }),
            ...(channels === undefined ? {} : { channels }),
          },
          actor,
          now,
          secret === undefined || secret === '' ? {} : { releaseSecret: secret },
        );
        if (!result.ok) return refused(result.code, result.message);
        if (json) write({ case: result.case, product: result.product });
        else io.stdout.write(`${result.case.id}: ${result.case.state}; product ${result.product.productId} sha256 ${result.product.sha256} (${result.product.banner})\n`);
        return EXIT_OK;
      }
      case 'preview': {
        const secret = io.env.TEARLINE_RELEASE_SECRET;
        const result = await previewRelease(store, rest[0] as string, v.partner as string, now, secret === undefined || secret === '' ? {} : { releaseSecret: secret });
        if (!result.ok) return refused(result.code, result.message);
        const p = result.preview;
        if (json) write(p);
        else {
          io.stdout.write(`${p.banner}${p.marking.tlp === undefined ? '' : ` ${p.marking.tlp}`}\nto ${p.recipient.name} (${p.partnerName} v${p.partnerVersion}) on ${p.channels.join(', ') || 'no electronic channel'}\n`);
          io.stdout.write(`${p.contentCount} object(s) released, ${p.withheld.length} withheld, ${p.redacted.length} propert(ies) redacted; sha256 ${p.sha256}\n`);
          for (const check of p.checks) io.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.rule}: ${check.detail}\n`);
          io.stdout.write(p.releasable ? 'releasable\n' : 'NOT releasable\n');
        }
        return EXIT_OK;
      }
      default: {
        const result = await runDeadlines(store, now, { settings: settings.settings });
        if (json) write(result);
        else {
          io.stdout.write(`opened ${result.opened.length} case(s); fired ${result.fired.length} deadline(s)${result.alreadyFired > 0 ? `; ${result.alreadyFired} already fired elsewhere` : ''}\n`);
          for (const f of result.fired) io.stdout.write(`  ${f.caseId} ${f.stage}: ${f.action}\n`);
        }
        return EXIT_OK;
      }
    }
  } finally {
    await store.close();
  }
}

/** The named user with the roles on their account; a message when there is none usable. */
async function actorNamed(store: Store, username: string): Promise<UserActor | string> {
  const user = await store.users.findUser(username.toLowerCase());
  if (user === null) return `no user ${username} (add one with tearline user add)`;
  if (user.disabled) return `user ${username} is disabled`;
  return actorOfUser(user);
}

function formatList(items: readonly CaseListItem[]): string {
  if (items.length === 0) return 'no warning cases\n';
  const rows = items.map((c) => {
    const next = c.nextDeadline === null ? '-' : `${c.nextDeadline.stage} ${c.nextDeadline.dueAt}${c.nextDeadline.overdue ? ' OVERDUE' : ''}`;
    return `${c.caseId}  ${c.state.padEnd(16)} ${c.imminence}  ${next.padEnd(40)} ${c.summary}`;
  });
  return `CASE${' '.repeat(42)}STATE            IMM NEXT DEADLINE${' '.repeat(28)}SUMMARY\n${rows.join('\n')}\n`;
}

function formatDetail(d: CaseDetail): string {
  const c = d.case;
  const t = d.timeline;
  const lines = [
    `${c.id} (version ${d.version}): ${c.state}${c.orcon ? ' · ORCON' : ''}`,
    c.summary,
    d.threatId === null ? 'no threat' : `threat ${d.threatId}`,
    '',
    'Timeline',
    ...(
      [
        ['first report', t.reportedAt],
        ['flagged', t.flaggedAt],
        ['screened', t.screenedAt],
        ['triggered', t.triggeredAt],
        ['decided', t.decidedAt === null ? null : `${t.decidedAt} (${t.decision ?? ''})`],
        ['approved', t.approvedAt],
        ['delivered', t.deliveredAt],
        ['acknowledged', t.acknowledgedAt],
        ['closed', t.closedAt === null ? null : `${t.closedAt} (${t.outcome ?? ''})`],
      ] as const
    ).map(([label, at]) => `  ${label.padEnd(13)} ${at ?? '-'}`),
    '',
    'Deadlines',
    ...(d.deadlines.length === 0 ? ['  none running'] : d.deadlines.map((x) => `  ${x.stage.padEnd(9)} ${x.dueAt} ${x.status}`)),
    ...d.firedDeadlines.map((f) => `  fired ${f.key} at ${f.firedAt}: ${f.action}`),
    '',
    'Approvals',
    ...(d.approvals.length === 0 ? ['  none'] : d.approvals.map((a) => `  ${a.kind} ${a.role} by ${a.by} at ${a.at}${a.productHash === null ? '' : ` of ${a.productHash.slice(0, 12)}…`}`)),
    '',
    'Waivers',
    ...(c.waivers.length === 0 ? ['  none'] : c.waivers.map((w) => `  ${w.status} (proposed by ${w.proposedBy} ${w.proposedAt}; re-review ${w.reReviewAt}): ${w.reasons.map((r) => `${r.reason}: ${r.justification}`).join(' | ')}`)),
    '',
    'Products',
    ...(d.products.length === 0 ? ['  none'] : d.products.map((p) => `  ${p.productId} ${p.banner} sha256 ${p.sha256} to ${p.partnerName} on ${p.channels.join(', ')}`)),
    '',
    'History',
    ...d.history.map((h) => `  v${h.version} ${h.at} ${h.state.padEnd(16)} ${h.by ?? ''}: ${h.events.join(', ')}`),
  ];
  return `${lines.join('\n')}\n`;
}
