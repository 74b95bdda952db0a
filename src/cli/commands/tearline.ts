// `tearline tearline --partner partner.json [--policy policy.json] [--release-id ID]
//  [--released-at TIME] input.json`: computes a tearline from files and prints
// {bundle, withheld, redacted, marking} as JSON. A preview: it touches no store and records no
// release. Exit 0 ok, 1 rejected input (unreadable file, bad JSON, invalid partner or policy),
// 2 usage.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CliCommand, CliIo } from '../io.ts';
import { parse, type Options } from '../args.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE } from '../io.ts';
import { computeTearline } from '../../app/computeTearline.ts';
import { parsePartnerProfile } from '../../domain/partners/parse.ts';
import { TEARLINE_IDENTITY_ID } from '../../domain/markings/extension.ts';
import { validateBundle } from '../../domain/stix/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { parseReleasePolicy } from '../../policy/parse.ts';
import { releasePolicy, type ReleasePolicy } from '../../policy/policy.ts';

const USAGE = `usage: tearline tearline --partner partner.json [--policy policy.json] [--release-id ID] [--released-at TIME] input.json

Computes the tearline of input.json (a STIX 2.1 bundle or a JSON list of objects) for one
partner and prints {bundle, withheld, redacted, marking} as JSON. Nothing is stored.

  --partner FILE      partner profile (docs/partner-profile.md)
  --policy FILE       release policy; without one, no country is ours, so every partner is
                      foreign, and the Tearline identity stands in for protected sources
  --release-id ID     keys the derived ids (default: a random UUID)
  --released-at TIME  RFC 3339 UTC time stamped on derivatives (default: now)

The environment variable TEARLINE_RELEASE_SECRET, when set, also keys the derived ids.
`;

interface Args {
  readonly partner: string;
  readonly policy?: string;
  readonly releaseId?: string;
  readonly releasedAt?: string;
  readonly input: string;
}

const OPTIONS = {
  partner: { type: 'string' },
  policy: { type: 'string' },
  'release-id': { type: 'string' },
  'released-at': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

function parseArgs(args: readonly string[]): Args | string | 'help' {
  const parsed = parse(args, OPTIONS);
  if (!parsed.ok) return parsed.message;
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.partner === undefined || values.partner === '') return '--partner is required';
  if (positionals.length !== 1) return positionals.length === 0 ? 'an input file is required' : 'only one input file';
  return {
    partner: values.partner,
    input: positionals[0] as string,
    ...(values.policy !== undefined ? { policy: values.policy } : {}),
    ...(values['release-id'] !== undefined ? { releaseId: values['release-id'] } : {}),
    ...(values['released-at'] !== undefined ? { releasedAt: values['released-at'] } : {}),
  };
}

type Read = { ok: true; value: unknown } | { ok: false; message: string };

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

function reject(io: CliIo, message: string, details?: unknown): number {
  io.stderr.write(`tearline: ${message}\n`);
  if (details !== undefined) io.stderr.write(`${JSON.stringify(details, null, 2)}\n`);
  return EXIT_REJECTED;
}

export const tearlineCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`tearline: ${parsed}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const releasedAt = parsed.releasedAt ?? new Date().toISOString();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(releasedAt) || Number.isNaN(Date.parse(releasedAt))) {
    io.stderr.write(`tearline: --released-at must be an RFC 3339 UTC timestamp such as 2025-07-03T09:00:00.000Z\n`);
    return EXIT_USAGE;
  }

  const partnerJson = await readJson(io, parsed.partner);
  if (!partnerJson.ok) return reject(io, partnerJson.message);
  const partner = parsePartnerProfile(partnerJson.value);
  if (!partner.ok) return reject(io, `invalid partner profile ${parsed.partner}`, partner.errors);

  let policy: ReleasePolicy = releasePolicy({ ourIdentityRef: TEARLINE_IDENTITY_ID });
  if (parsed.policy !== undefined) {
    const policyJson = await readJson(io, parsed.policy);
    if (!policyJson.ok) return reject(io, policyJson.message);
    const p = parseReleasePolicy(policyJson.value);
    if (!p.ok) return reject(io, `invalid release policy ${parsed.policy}`, p.errors);
    policy = p.policy;
  }

  const input = await readJson(io, parsed.input);
  if (!input.ok) return reject(io, input.message);
  const raw = input.value;
  const isBundle = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as Record<string, unknown>)['type'] === 'bundle';
  if (!isBundle && !Array.isArray(raw)) return reject(io, `${parsed.input} is neither a STIX bundle nor a list of objects`);
  // Invalid objects are never released: validate, and list what fails as withheld.
  const objects = isBundle ? ((raw as Record<string, unknown>)['objects'] ?? []) : raw;
  if (!Array.isArray(objects)) return reject(io, `${parsed.input}: objects is not a list`);
  const validation = validateBundle({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000', objects });
  const valid = new Set<unknown>(validation.objects);
  const invalid = objects.filter((o) => !valid.has(o));

  const result = computeTearline({
    objects: validation.objects as readonly StixObject[],
    partner: partner.partner,
    policy,
    releaseId: parsed.releaseId ?? randomUUID(),
    releasedAt,
    ...(io.env['TEARLINE_RELEASE_SECRET'] ? { secret: io.env['TEARLINE_RELEASE_SECRET'] } : {}),
  });
  const malformed = invalid.map((o) => {
    const obj = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
    return {
      id: typeof obj['id'] === 'string' ? obj['id'] : '',
      type: typeof obj['type'] === 'string' ? obj['type'] : '',
      reasons: [{ code: 'malformed', message: 'not a valid STIX 2.1 object' }],
    };
  });
  const output = { bundle: result.bundle, withheld: [...malformed, ...result.withheld], redacted: result.redacted, marking: result.marking };
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return EXIT_OK;
};
