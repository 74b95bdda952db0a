// The one place that reads the environment. Everything else receives a frozen Config.
import { isAbsolute, resolve } from 'node:path';

export interface Config {
  /** SQLite database file, or ':memory:'. */
  readonly dbPath: string;
  /** PostgreSQL URL (TEARLINE_DATABASE_URL); when set, the store is PostgreSQL and dbPath is unused. */
  readonly databaseUrl?: string;
  readonly host: string;
  readonly port: number;
  /** Largest bundle accepted from a file, stdin or an HTTP body, in bytes. */
  readonly maxBundleBytes: number;
  /** Whether the demo scenario is loaded into an empty store at start. */
  readonly loadDemo: boolean;
  /** Sign-in and sessions (issue 8). */
  readonly auth: AuthConfig;
  /** TEARLINE_TLS_CERT and TEARLINE_TLS_KEY: PEM files; when set, `serve` speaks HTTPS only. */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  /** TEARLINE_ALLOW_PLAIN_HTTP=1: serve plain HTTP on a non-loopback address (behind a TLS proxy). */
  readonly allowPlainHttp?: boolean;
}

export interface AuthConfig {
  /** TEARLINE_SESSION_MINUTES: a session's lifetime from sign-in (default 480, 5 to 10080). */
  readonly sessionTtlMinutes: number;
  /** TEARLINE_SECURE_COOKIES: 'auto' (Secure over TLS) or 'always' (behind a TLS-terminating proxy). */
  readonly secureCookies: 'auto' | 'always';
  /** TEARLINE_FIRST_ADMIN: the first administrator's username, created on first start (default admin). */
  readonly firstAdmin: string;
  /** TEARLINE_FIRST_ADMIN_CLEARANCE: U, C, S or TS (default TS, so the demo scenario shows). */
  readonly firstAdminClearance: 'U' | 'C' | 'S' | 'TS';
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
  const databaseUrl = env.TEARLINE_DATABASE_URL === '' ? undefined : env.TEARLINE_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // The value may hold a password: name the scheme only.
    errors.push({ key: 'TEARLINE_DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' });
  }
  const auth = loadAuthConfig(env, errors);
  const transport = loadTransportConfig(env, cwd, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: Object.freeze({ dbPath, host, port, maxBundleBytes, loadDemo, auth, ...transport, ...(databaseUrl === undefined ? {} : { databaseUrl }) }),
  };
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

function loadAuthConfig(env: Readonly<Record<string, string | undefined>>, errors: ConfigError[]): AuthConfig {
  const sessionTtlMinutes = parseInteger(env.TEARLINE_SESSION_MINUTES, 480, 5, 7 * 24 * 60, 'TEARLINE_SESSION_MINUTES', errors);
  const secure = env.TEARLINE_SECURE_COOKIES ?? 'auto';
  if (secure !== 'auto' && secure !== 'always') errors.push({ key: 'TEARLINE_SECURE_COOKIES', message: `must be auto or always, got '${secure}'` });
  const firstAdmin = (env.TEARLINE_FIRST_ADMIN ?? 'admin').trim().toLowerCase();
  if (!/^[a-z][a-z0-9._-]{1,63}$/.test(firstAdmin)) {
    errors.push({ key: 'TEARLINE_FIRST_ADMIN', message: 'must be 2-64 characters: a lower-case letter, then letters, digits, dot, dash or underscore' });
  }
  const clearance = env.TEARLINE_FIRST_ADMIN_CLEARANCE ?? 'TS';
  if (clearance !== 'U' && clearance !== 'C' && clearance !== 'S' && clearance !== 'TS') {
    errors.push({ key: 'TEARLINE_FIRST_ADMIN_CLEARANCE', message: `must be U, C, S or TS, got '${clearance}'` });
  }
  return Object.freeze({
    sessionTtlMinutes,
    secureCookies: secure === 'always' ? 'always' : 'auto',
    firstAdmin,
    firstAdminClearance: clearance === 'U' || clearance === 'C' || clearance === 'S' ? clearance : 'TS',
  });
}

/** TLS files and the plain-HTTP allowance (TAXII 2.1 §1.6.6: TAXII runs over HTTPS). */
function loadTransportConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  errors: ConfigError[],
): Pick<Config, 'tls' | 'allowPlainHttp'> {
  const cert = env.TEARLINE_TLS_CERT === '' ? undefined : env.TEARLINE_TLS_CERT;
  const key = env.TEARLINE_TLS_KEY === '' ? undefined : env.TEARLINE_TLS_KEY;
  if ((cert === undefined) !== (key === undefined)) {
    errors.push({ key: cert === undefined ? 'TEARLINE_TLS_CERT' : 'TEARLINE_TLS_KEY', message: 'TEARLINE_TLS_CERT and TEARLINE_TLS_KEY go together: set both or neither' });
  }
  const allow = env.TEARLINE_ALLOW_PLAIN_HTTP;
  if (allow !== undefined && allow !== '' && allow !== '0' && allow !== '1') {
    errors.push({ key: 'TEARLINE_ALLOW_PLAIN_HTTP', message: `must be 0 or 1, got '${allow}'` });
  }
  const path = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    ...(cert === undefined || key === undefined ? {} : { tls: Object.freeze({ certPath: path(cert), keyPath: path(key) }) }),
    allowPlainHttp: allow === '1',
  };
}

/** Whether `host` only reaches this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * Why `serve` must not start, or null: plain HTTP on an address other machines can reach,
 * without TLS files or TEARLINE_ALLOW_PLAIN_HTTP=1 (TAXII 2.1 §8.2.2: servers accept TAXII
 * over HTTPS; passwords and partner intelligence must not cross a network in clear).
 */
export function plainHttpRefusal(config: Pick<Config, 'host' | 'tls' | 'allowPlainHttp'>): string | null {
  if (config.tls !== undefined || config.allowPlainHttp === true || isLoopbackHost(config.host)) return null;
  return `refusing to serve plain HTTP on ${config.host}, which other machines can reach: `
    + 'set TEARLINE_TLS_CERT and TEARLINE_TLS_KEY (PEM files) to serve HTTPS, bind to 127.0.0.1, '
    + 'or set TEARLINE_ALLOW_PLAIN_HTTP=1 if a TLS-terminating proxy sits in front';
}
