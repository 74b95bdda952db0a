// Before the server starts, the operator's commands: a TAXII collection, a reading account
// for the pollers and a writing account for the publisher (both with bearer tokens), and an
// analyst with an API token for POST /api/ingest. All through `tearline` itself, as
// docs/taxii.md and the README describe; two independent chains run side by side.
import { spawn } from 'node:child_process';
import { REPO_ROOT, TEARLINE_BIN, childEnv } from '../crash/server.ts';

export interface LoadCredentials {
  readonly collection: string;
  /** Authorization header values. */
  readonly pollerAuth: string;
  readonly publisherAuth: string;
  readonly ingestAuth: string;
}

export const COLLECTION_ALIAS = 'load-feed';

export async function createCredentials(db: string): Promise<LoadCredentials> {
  const taxii = (async () => {
    const collection = JSON.parse(await tearline(db, ['collection', 'add', '--title', 'Load test feed', '--alias', COLLECTION_ALIAS, '--json'])) as { id: string };
    const poller = JSON.parse(await tearline(db, ['account', 'add', 'load-poller', '--token', '--read', COLLECTION_ALIAS, '--json'])) as { token: string };
    const publisher = JSON.parse(await tearline(db, ['account', 'add', 'load-publisher', '--token', '--read', COLLECTION_ALIAS, '--write', COLLECTION_ALIAS, '--json'])) as { token: string };
    return { collection: collection.id, pollerAuth: `Bearer ${poller.token}`, publisherAuth: `Bearer ${publisher.token}` };
  })();
  const rest = (async () => {
    await tearline(db, ['user', 'add', 'load-analyst', '--role', 'analyst', '--clearance', 'TS', '--password-stdin'], 'load analyst correct horse battery\n');
    const out = await tearline(db, ['token', 'create', 'load-analyst', '--scope', 'objects.ingest']);
    const token = /^(tearline_pat_\S+)$/m.exec(out)?.[1];
    if (token === undefined) throw new Error(`tearline token create printed no token:\n${out}`);
    return { ingestAuth: `Bearer ${token}` };
  })();
  return { ...(await taxii), ...(await rest) };
}

/** Runs `tearline ARGS --db DB`; resolves its stdout, rejects with its output when it fails. */
function tearline(db: string, args: readonly string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TEARLINE_BIN, ...args, '--db', db], { cwd: REPO_ROOT, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`tearline ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`));
    });
    child.stdin.end(stdin ?? '');
  });
}
