// tearline partner add|list|show|remove and tearline partner policy set|show: the partner
// profiles releases are decided against (docs/partner-profile.md) and the release policy in
// force, from the machine that holds the database. Like `tearline user`, the CLI acts with the
// local operator's authority and the audit log names the OS account (`cli:<os user>`).
//
// Exit codes: 0 ok; 1 rejected (unreadable file, bad JSON, an invalid profile or policy — the
// `{path, code, message}` list goes to stderr as JSON —, no such partner, identity taken);
// 2 usage.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isPartnerName, type PartnerRecord } from '../../app/ports/partners.ts';
import {
  loadReleasePolicy, putPartnerProfile, removePartnerProfile, setReleasePolicy, viewOf,
  type PartnerContext, type PartnerProblem,
} from '../../app/partners/index.ts';
import type { Store } from '../../app/ports.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline partner add PROFILE.json [--name NAME]
       tearline partner list [--all] [--json]
       tearline partner show NAME [--version N] [--json]
       tearline partner remove NAME
       tearline partner policy set POLICY.json
       tearline partner policy show [--json]
common options: --db PATH

NAME is the partner's handle (lower case, digits, hyphens): by default the profile file's
name without .json (examples/partners/syria-gss.json -> syria-gss). Adding a profile under an
existing name stores a new version; old versions are kept. Removing keeps the record but the
partner is no longer listed or releasable. Profiles: docs/partner-profile.md.`;

const OPTIONS = {
  ...STORE_OPTIONS,
  name: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  version: { type: 'string' },
} as const;

/** Positionals each subcommand takes. */
const ARITY: Readonly<Record<string, number>> = { add: 1, list: 0, show: 1, remove: 1, 'policy set': 1, 'policy show': 0 };

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

async function readJson(io: CliIo, file: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read ${file}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `${file} is not valid JSON: ${(e as Error).message}` };
  }
}

function usage(io: CliIo, message?: string): number {
  io.stderr.write(`${message === undefined ? '' : `tearline partner: ${message}\n`}${USAGE}\n`);
  return EXIT_USAGE;
}

function rejected(io: CliIo, problem: PartnerProblem): number {
  io.stderr.write(`tearline: ${problem.code}: ${problem.message}\n`);
  if (problem.errors !== undefined) io.stderr.write(`${JSON.stringify(problem.errors, null, 2)}\n`);
  return EXIT_REJECTED;
}

function describeRecord(p: PartnerRecord, display: string | undefined): string {
  const removed = p.removedAt === null ? '' : ` [removed ${p.removedAt}]`;
  return `${p.name} v${p.version} ${display === undefined ? '' : `"${display}" `}${p.identityRef} updated ${p.updatedAt}${removed}`;
}

export async function partnerCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [first, ...afterFirst] = args;
  const policySub = first === 'policy';
  const sub = policySub ? `policy ${afterFirst[0] ?? ''}` : first;
  const parsed = parse(policySub ? afterFirst.slice(1) : afterFirst, OPTIONS);
  if (parsed.ok && parsed.values.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (!parsed.ok) return usage(io, parsed.message);
  if (sub === undefined || ARITY[sub] === undefined) return usage(io, sub === undefined ? undefined : `unknown subcommand '${sub}'`);
  if (parsed.positionals.length !== ARITY[sub]) return usage(io, `${sub} takes ${ARITY[sub] === 0 ? 'no arguments' : 'one argument'}`);
  const values = parsed.values;
  const [arg] = parsed.positionals as [string | undefined];

  // Check what needs no store first: a usage error must not create a database.
  let name: string | undefined;
  if (sub === 'add') {
    name = values.name ?? basename(arg as string).replace(/\.json$/i, '').toLowerCase();
    if (!isPartnerName(name)) return usage(io, `partner name ${JSON.stringify(name)} is not a handle: pass --name with lower-case letters, digits and hyphens`);
  } else if (sub === 'show' || sub === 'remove') {
    name = arg as string;
    if (!isPartnerName(name)) return usage(io, `partner name ${JSON.stringify(name)} is not a handle (lower-case letters, digits and hyphens)`);
  }
  let version: number | undefined;
  if (values.version !== undefined) {
    if (sub !== 'show' || !/^[1-9][0-9]{0,8}$/.test(values.version)) return usage(io, '--version takes a version number, with show');
    version = Number(values.version);
  }
  let input: unknown;
  if (sub === 'add' || sub === 'policy set') {
    const read = await readJson(io, arg as string);
    if (!read.ok) {
      io.stderr.write(`tearline: ${read.message}\n`);
      return EXIT_REJECTED;
    }
    input = read.value;
  }

  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const ctx: PartnerContext = { store: opened.store, clock: deps.clock };
  const actor = operatorActor(io);
  try {
    switch (sub) {
      case 'add': {
        const outcome = await putPartnerProfile(name as string, input, actor, ctx);
        if (!outcome.ok) return rejected(io, outcome.problem);
        const { outcome: what, version: v, partner } = outcome.value;
        io.stdout.write(`${what === 'unchanged' ? 'unchanged' : what} ${name as string} v${v} "${partner.name}" (${partner.country}, clearance ${partner.clearance})\n`);
        return EXIT_OK;
      }
      case 'list':
        return await list(io, opened.store, values.all === true, values.json === true);
      case 'show':
        return await show(io, opened.store, name as string, version, values.json === true);
      case 'remove': {
        const outcome = await removePartnerProfile(name as string, actor, ctx);
        if (!outcome.ok) return rejected(io, outcome.problem);
        io.stdout.write(`removed ${name as string} (${outcome.value.version} version${outcome.value.version === 1 ? '' : 's'} kept for the record)\n`);
        return EXIT_OK;
      }
      case 'policy set': {
        const outcome = await setReleasePolicy(input, actor, ctx);
        if (!outcome.ok) return rejected(io, outcome.problem);
        io.stdout.write(`${outcome.value.changed ? 'release policy set' : 'release policy unchanged'}: version ${outcome.value.version}\n`);
        return EXIT_OK;
      }
      default: {
        const policy = await loadReleasePolicy(opened.store);
        if (!policy.ok) return rejected(io, policy.problem);
        const { version: v, json } = policy.value;
        if (values.json === true) io.stdout.write(`${JSON.stringify({ version: v, policy: json })}\n`);
        else if (v === null) io.stdout.write('no release policy set: the default applies (no country is ours, so every partner is foreign; the Tearline identity stands in for protected sources)\n');
        else io.stdout.write(`release policy version ${v}\n${JSON.stringify(json, null, 2)}\n`);
        return EXIT_OK;
      }
    }
  } finally {
    await opened.store.close();
  }
}

async function list(io: CliIo, store: Store, all: boolean, json: boolean): Promise<number> {
  const records = await store.partners.listPartners({ includeRemoved: all });
  const views = records.map((r) => {
    const v = viewOf(r);
    return { record: r, display: v.ok ? v.value.partner.name : undefined, profile: JSON.parse(r.profileJson) as unknown };
  });
  if (json) {
    io.stdout.write(`${JSON.stringify(views.map((v) => ({ ...withoutJson(v.record), profile: v.profile })))}\n`);
  } else if (views.length === 0) {
    io.stdout.write(all ? 'no partners\n' : 'no partners (tearline partner add PROFILE.json)\n');
  } else {
    for (const v of views) io.stdout.write(`${describeRecord(v.record, v.display)}\n`);
  }
  return EXIT_OK;
}

async function show(io: CliIo, store: Store, name: string, version: number | undefined, json: boolean): Promise<number> {
  const current = (await store.partners.listPartners({ includeRemoved: true })).find((p) => p.name === name);
  if (current === undefined) return rejected(io, { code: 'no-such-partner', message: `no partner ${name}` });
  const history = await store.partners.partnerHistory(name);
  const chosen = version === undefined ? current : history.find((h) => h.version === version);
  if (chosen === undefined) return rejected(io, { code: 'no-such-partner', message: `partner ${name} has no version ${String(version)}` });
  const profile = JSON.parse(chosen.profileJson) as unknown;
  if (json) {
    io.stdout.write(`${JSON.stringify({
      name,
      version: chosen.version,
      current: current.version,
      createdAt: current.createdAt,
      updatedAt: current.updatedAt,
      removedAt: current.removedAt,
      profile,
      history: history.map((h) => ({ version: h.version, recordedAt: h.recordedAt, actor: h.actor })),
    })}\n`);
    return EXIT_OK;
  }
  const view = viewOf(chosen);
  io.stdout.write(`${describeRecord(current, view.ok ? view.value.partner.name : undefined)}\n`);
  if (chosen.version !== current.version) io.stdout.write(`showing version ${chosen.version} (recorded ${chosen.recordedAt} by ${chosen.actor})\n`);
  io.stdout.write(`${JSON.stringify(profile, null, 2)}\n`);
  io.stdout.write(`history: ${history.map((h) => `v${h.version} ${h.recordedAt} ${h.actor}`).join('; ')}\n`);
  return EXIT_OK;
}

function withoutJson(record: PartnerRecord): Omit<PartnerRecord, 'profileJson'> {
  const { profileJson: _json, ...rest } = record;
  return rest;
}
