// From settings (a CLI's flags, a stored feed) to a connected TaxiiSource: credentials
// (given, or named by an environment variable), extra CAs from a PEM file, the collection
// resolved from a discovery, API root or collection URL.
import { readFile } from 'node:fs/promises';
import type { FeedAuth, RemoteResult, TaxiiFeed, TaxiiSource } from '../../app/ports/taxii.ts';
import { TaxiiClient, type ClientAuth, type CollectionTarget } from './client.ts';
import type { RetryPolicy } from './retry.ts';

export interface ConnectOptions {
  readonly userAgent: string;
  /** Where `passwordEnv` / `tokenEnv` are looked up. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly retry?: RetryPolicy;
  readonly maxResponseBytes?: number;
}

export interface Connection {
  readonly client: TaxiiClient;
  readonly target: CollectionTarget;
  readonly source: TaxiiSource;
}

/** The client credentials of a stored auth setting; an error when a named variable is unset. */
export function clientAuth(auth: FeedAuth, env: ConnectOptions['env']): RemoteResult<ClientAuth> {
  const missing = (name: string): RemoteResult<ClientAuth> => ({ ok: false, error: { kind: 'protocol', message: `the environment variable ${name} is not set` } });
  switch (auth.kind) {
    case 'none':
      return { ok: true, value: { kind: 'none' } };
    case 'basic': {
      const password = auth.password ?? (auth.passwordEnv === undefined ? undefined : env[auth.passwordEnv]);
      if (password === undefined) return missing(auth.passwordEnv ?? '(no password given)');
      return { ok: true, value: { kind: 'basic', user: auth.user, password } };
    }
    case 'token': {
      const token = auth.token ?? (auth.tokenEnv === undefined ? undefined : env[auth.tokenEnv]);
      if (token === undefined) return missing(auth.tokenEnv ?? '(no token given)');
      return { ok: true, value: { kind: 'token', token } };
    }
  }
}

export async function readCa(caFile: string | null | undefined): Promise<RemoteResult<string | undefined>> {
  if (caFile === null || caFile === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: await readFile(caFile, 'utf8') };
  } catch (error) {
    return { ok: false, error: { kind: 'tls', message: `cannot read the CA file ${caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` } };
  }
}

export async function connect(
  url: string,
  settings: { readonly auth: FeedAuth; readonly caFile?: string | null; readonly collection?: string | null },
  options: ConnectOptions,
): Promise<RemoteResult<Connection>> {
  const auth = clientAuth(settings.auth, options.env);
  if (!auth.ok) return auth;
  const ca = await readCa(settings.caFile);
  if (!ca.ok) return ca;
  const client = new TaxiiClient({
    auth: auth.value,
    userAgent: options.userAgent,
    ...(ca.value === undefined ? {} : { ca: ca.value }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  });
  const target = await client.resolveCollection(url, settings.collection ?? undefined);
  if (!target.ok) return target;
  return { ok: true, value: { client, target: target.value, source: client.source(target.value.url) } };
}

/** For the feed scheduler: a stored feed's collection, connected. */
export function feedConnector(options: ConnectOptions): (feed: TaxiiFeed) => Promise<RemoteResult<TaxiiSource>> {
  return async (feed) => {
    const connected = await connect(feed.url, { auth: feed.auth, caFile: feed.caFile, collection: feed.collection }, options);
    return connected.ok ? { ok: true, value: connected.value.source } : connected;
  };
}
