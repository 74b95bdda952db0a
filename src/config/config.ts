// The one place that reads the environment. Everything else receives a frozen Config.
import { isAbsolute, resolve } from 'node:path';

export interface Config {
  /** SQLite database file, or ':memory:'. */
  readonly dbPath: string;
  readonly host: string;
  readonly port: number;
  /** Largest bundle accepted from a file, stdin or an HTTP body, in bytes. */
  readonly maxBundleBytes: number;
  /** Whether the demo scenario is loaded into an empty store at start. */
  readonly loadDemo: boolean;
}

export interface ConfigError {
  readonly key: string;
  readonly message: string;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** Flags given on the command line win over the environment, which wins over defaults. */
export interface ConfigOverrides {
  readonly db?: string;
  readonly host?: string;
  readonly port?: string;
  readonly maxBundleBytes?: string;
  readonly demo?: boolean;
}

export const DEFAULT_PORT = 8414;
// ATT&CK Enterprise is 50.7 MB; 64 MiB leaves room for it while refusing the 100 MB
// bundles the Foundation issue calls bad input. Larger feeds go through TAXII paging.
export const DEFAULT_MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  overrides: ConfigOverrides = {},
  cwd: string = process.cwd(),
): ConfigResult {
  const errors: ConfigError[] = [];
  const rawDb = overrides.db ?? env.TEARLINE_DB ?? './data/tearline.db';
  const dbPath = rawDb === ':memory:' || isAbsolute(rawDb) ? rawDb : resolve(cwd, rawDb);

  const host = overrides.host ?? env.TEARLINE_HOST ?? '127.0.0.1';
  const port = parseInteger(overrides.port ?? env.TEARLINE_PORT, DEFAULT_PORT, 0, 65535, 'port', errors);
  const maxBundleBytes = parseInteger(
    overrides.maxBundleBytes ?? env.TEARLINE_MAX_BUNDLE_BYTES,
    DEFAULT_MAX_BUNDLE_BYTES,
    1024,
    2 ** 31,
    'maxBundleBytes',
    errors,
  );
  const demoEnv = env.TEARLINE_DEMO;
  if (demoEnv !== undefined && demoEnv !== '0' && demoEnv !== '1') {
    errors.push({ key: 'TEARLINE_DEMO', message: `must be 0 or 1, got '${demoEnv}'` });
  }
  const loadDemo = overrides.demo ?? demoEnv !== '0';
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: Object.freeze({ dbPath, host, port, maxBundleBytes, loadDemo }) };
}

function parseInteger(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  key: string,
  errors: ConfigError[],
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    errors.push({ key, message: `must be a whole number, got '${raw}'` });
    return fallback;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    errors.push({ key, message: `must be between ${min} and ${max}, got ${value}` });
    return fallback;
  }
  return value;
}
