// A two-node cluster for the race tests: a fresh PostgreSQL schema, set up through the CLI
// and the store's own writes (users, tokens, collections, cases), then two `tearline serve`
// child processes on it. The test process keeps a store of its own on the same schema, to
// build cases and to read what the nodes wrote.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Clock, Store } from '../../src/app/ports.ts';
import type { ProductChannel } from '../../src/app/ports/warnings.ts';
import { sha256Hex } from '../../src/app/delivery/requestDelivery.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import { openCase, type Role, type WarningCommand } from '../../src/domain/warning/index.ts';
import { SCREENING } from '../../src/domain/warning/testFixtures.ts';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/index.ts';
import { testUrl } from '../../src/storage/postgres/test-database.ts';
import { runTearline, type CliRun } from '../support/cli.ts';
import { BANNER, PARTNER, partnerProfile, productBundle, WARNING_TEXT } from '../delivery/support.ts';
import { freshSchema, startNode, type FreshSchema, type Node } from './nodes.ts';

export interface Cluster {
  readonly schema: FreshSchema;
  readonly nodes: readonly [Node, Node];
  /** The test's own store on the same schema. */
  readonly store: PostgresStore;
  cli(argv: readonly string[], stdin?: string): Promise<CliRun>;
  close(): Promise<void>;
}

/** `setup` runs before the nodes start (users, collections, accounts). */
export async function startCluster(env: Record<string, string>, setup: (store: Store, cli: Cluster['cli']) => Promise<void>): Promise<Cluster> {
  const schema = await freshSchema(testUrl() as string);
  const store = await openPostgresStore({ url: testUrl() as string, schema: schema.schema, maxConnections: 4 });
  const cli: Cluster['cli'] = (argv, stdin) => runTearline(argv, { env: { TEARLINE_DATABASE_URL: schema.url }, ...(stdin === undefined ? {} : { stdin }) });
  const started: Node[] = [];
  try {
    await setup(store, cli);
    const nodeEnv = { TEARLINE_DATABASE_URL: schema.url, ...env };
    // One after the other: two fresh processes compiling the sources at once on a small machine only wait on each other.
    started.push(await startNode(nodeEnv));
    started.push(await startNode(nodeEnv));
  } catch (error) {
    for (const node of started) await node.stop();
    await store.close();
    await schema.drop();
    throw error;
  }
  return {
    schema,
    nodes: [started[0] as Node, started[1] as Node],
    store,
    cli,
    async close() {
      await Promise.all(started.map((node) => node.stop()));
      await store.close();
      await schema.drop();
    },
  };
}

/** A CLI command that must succeed; its stdout. */
export async function ok(run: Promise<CliRun>): Promise<string> {
  const result = await run;
  assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** An API token for `username` with these scopes (`tearline token create`). */
export async function tokenFor(cli: Cluster['cli'], username: string, scopes: readonly string[]): Promise<string> {
  const out = await ok(cli(['token', 'create', username, ...scopes.flatMap((s) => ['--scope', s])]));
  const token = out.split('\n')[1]?.trim();
  assert.ok(token !== undefined && token.length > 20, out);
  return token;
}

/** People of the workflow; ids are usernames. Two of each approving role, to race for one slot. */
export const PEOPLE: Readonly<Record<string, readonly Role[]>> = {
  ana: ['analyst'],
  olga: ['duty_to_warn_officer'],
  oskar: ['duty_to_warn_officer'],
  finn: ['foreign_disclosure_officer'],
  fred: ['foreign_disclosure_officer'],
  dan: ['delivery_officer'],
};

export async function addPeople(store: Store, now: string): Promise<void> {
  await store.write(async (tx) => {
    for (const [id, roles] of Object.entries(PEOPLE)) {
      const created = await tx.users.createUser({
        id, username: id, displayName: id, roles: [...roles], clearance: 'TS', compartments: [], disabled: false, mustChangePassword: false,
        createdAt: now, updatedAt: now, passwordHash: null,
      });
      assert.equal(created, 'created', `user ${id}`);
    }
  });
}

function person(id: string): { kind: 'user'; userId: string; roles: Role[] } {
  return { kind: 'user', userId: id, roles: [...(PEOPLE[id] ?? [])] };
}

export interface ReviewCase {
  readonly caseId: string;
  readonly sha256: string;
}

/**
 * A case taken by the workflow (as ana, the drafter) to `release_review` for a product the
 * partner gets over `channels`; the two release approvals are what the tests race for.
 */
export async function caseInReleaseReview(store: Store, clock: Clock, channels: readonly ProductChannel[], partnerChannels: readonly { kind: string; address?: string }[]): Promise<ReviewCase> {
  const caseId = `case-${randomUUID().slice(0, 8)}`;
  const { bundleJson } = productBundle();
  const sha256 = sha256Hex(bundleJson);
  const now = clock.now();
  await store.write(async (tx) => {
    await tx.partners.putPartner({ name: PARTNER, profileJson: partnerProfile(partnerChannels), identityRef: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01', at: now, actor: 'test' });
    const opened = openCase({ id: caseId, summary: 'Plot against the Sayyida Zaynab shrine', reportRefs: [] }, person('ana'), now);
    assert.ok(opened.ok);
    assert.equal(await tx.warnings.createCase(opened.case, opened.events, null), true);
    assert.equal(await tx.warnings.putProduct({
      productId: `product--${sha256}`, caseId, sha256, bundleJson, banner: BANNER, warningText: WARNING_TEXT, partnerName: PARTNER,
      channels, mediaType: 'application/stix+json;version=2.1', frozenAt: now, frozenBy: 'user:ana',
    }), 'stored');
  });
  const hoursFromNow = (h: number): string => new Date(Date.parse(now) + h * 3_600_000).toISOString();
  const steps: WarningCommand[] = [
    { type: 'screen', screening: { ...SCREENING, window: { start: hoursFromNow(48), end: hoursFromNow(60) } } },
    { type: 'establish_duty', basis: 'Credible, specific plot to bomb the shrine within 72 hours.' },
    {
      type: 'draft_warning', productHash: sha256, summary: 'Vehicle bomb planned against the shrine.',
      recipient: { name: 'Syrian General Security Service, liaison desk', organisation: 'General Security Service', country: 'SYR' },
      sunset: hoursFromNow(60),
    },
    { type: 'submit_for_release' },
  ];
  for (const command of steps) {
    const result = await store.write((tx) => applyWarningCommand(tx, caseId, command, person('ana'), clock.now()));
    assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
  }
  return { caseId, sha256 };
}

/** Sends `requests` at the same moment (each starts only once all are ready to go). */
export async function together<T>(requests: readonly (() => Promise<T>)[]): Promise<T[]> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const running = requests.map(async (request) => {
    await gate;
    return request();
  });
  release();
  return Promise.all(running);
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
