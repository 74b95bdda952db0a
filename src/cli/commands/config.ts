// tearline config check [--json]: validates the configuration (environment and flags) the way
// every command does at start, and prints the effective values without secrets. Exit 2 when
// the configuration is not valid, with one line per problem.
import { loadConfig } from '../../config/config.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = 'usage: tearline config check [--json] [--db PATH] [--host HOST] [--port PORT]';
const OPTIONS = { ...STORE_OPTIONS, host: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Keys whose values are secrets whatever they hold. */
const SECRET_KEY = /(password|secret|token|private|credential|apikey|api_key)/i;

/** A copy of the configuration safe to print: secrets replaced, passwords cut out of URLs. */
export function redactConfig(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== undefined) return '(set, hidden)';
  if (typeof value === 'string') return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_m, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return `${scheme}${user === '' ? '' : `${user}:`}***@`;
  });
  if (Array.isArray(value)) return value.map((v) => redactConfig(v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactConfig(v, k)]));
  }
  return value;
}

function lines(value: unknown, prefix = ''): string[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => lines(v, prefix === '' ? k : `${prefix}.${k}`));
  }
  return [`${prefix.padEnd(28)} ${JSON.stringify(value)}`];
}

export async function configCommand(args: readonly string[], io: CliIo, _deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  if (sub !== 'check' || !parsed.ok || parsed.values.help === true || parsed.positionals.length > 0) {
    io.stderr.write(`${parsed.ok ? '' : `tearline config: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const result = loadConfig(io.env, overridesFrom(parsed.values), io.cwd);
  if (!result.ok) {
    // Messages name the key and what is wrong; config.ts never puts a secret value in one.
    for (const error of result.errors) io.stderr.write(`tearline: configuration: ${error.key}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const safe = redactConfig(result.config);
  if (parsed.values.json === true) io.stdout.write(`${JSON.stringify(safe)}\n`);
  else io.stdout.write(`configuration is valid\n${lines(safe).join('\n')}\n`);
  return EXIT_OK;
}
