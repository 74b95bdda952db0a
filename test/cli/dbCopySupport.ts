// A populated SQLite store for the `tearline db copy` tests, built only through the real
// paths: the STIX examples of ../shared/data ingested by the CLI; a TAXII collection with a
// partner account, objects POSTed to it over TAXII (status, memberships, date_added); an
// API token; and the founding scenario through the workflow's use cases (users, the partner
// profile, three reports fused into a threat, a case taken through a refused waiver to a
// warning approved by two others, delivered into the partner's TAXII collection by the
// dispatcher, acknowledged and closed), every step on the audit chain.
// Also: an independent table-by-table comparison of two stores (raw drivers, not the copy's
// own readers).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { attestAcknowledgement } from '../../src/app/delivery/acknowledge.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/app/delivery/settings.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { draftWarningForPartner } from '../../src/app/warning/draftWarning.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { loadConfig } from '../../src/config/config.ts';
import { foundingReports } from '../../src/demo/foundingScenario.ts';
import type { WarningCommand } from '../../src/domain/warning/index.ts';
import { defaultDeps } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { runTearline } from '../support/cli.ts';
import { sharedDataPath } from '../support/sharedData.ts';
import { actor, addPeople, ingestReport, MINUTE, onlyOpenCase, putPartner, TestClock, type Person } from '../warning/support.ts';

export const PARTNER_PASSWORD = 'a long partner passphrase for the copy test';
export const TAXII = 'application/taxii+json;version=2.1';

export interface Populated {
  readonly collectionId: string;
  /** An API token of `ana` with objects.read. */
  readonly token: string;
  /** STIX ids POSTed to the collection over TAXII. */
  readonly taxiiIds: readonly string[];
}

export function stixExamples(): string[] | undefined {
  const dir = sharedDataPath('stix-examples');
  if (dir === undefined) return undefined;
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => `${dir}/${f}`);
}

async function cli(db: string, argv: readonly string[], stdin?: string): Promise<string> {
  const run = await runTearline([...argv, '--db', db], stdin === undefined ? {} : { stdin });
  assert.equal(run.code, 0, `tearline ${argv.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

export async function populate(db: string, examples: readonly string[]): Promise<Populated> {
  for (const file of examples) await cli(db, ['ingest', file]);
  const collectionId = (await cli(db, ['collection', 'add', '--title', 'Partner feed'])).split('\n')[0]?.trim() as string;
  await cli(db, ['account', 'add', 'partner', '--password-stdin', '--read', collectionId, '--write', collectionId], `${PARTNER_PASSWORD}\n`);

  // The founding scenario, minute by minute, through the workflow's use cases.
  const now = new Date();
  const reports = foundingReports(now);
  const first = Date.parse(reports[0]?.arrival as string);
  const clock = new TestClock(first);
  const at = (minutes: number): string => new Date(first + minutes * MINUTE).toISOString();
  const store = openSqliteStore({ path: db });
  try {
    await addPeople(store, clock);
    await putPartner(store, at(0));
    for (const report of reports) await ingestReport(store, report);
    const { caseId } = await onlyOpenCase(store);
    const step = async (command: WarningCommand, who: Person, minute: number): Promise<void> => {
      clock.set(at(minute));
      const result = await runWarningCommand(store, caseId, command, actor(who), clock.now());
      assert.ok(result.ok, result.ok ? '' : `${command.type} by ${who}: ${result.code}: ${result.message}`);
    };
    await step({
      type: 'screen',
      screening: {
        harmType: 'killing',
        victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
        credibility: { sourceReliability: 'B', informationCredibility: 2 },
        specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
        imminence: 'I1',
        window: { start: at(48 * 60), end: at(60 * 60) },
      },
    }, 'ana', 35);
    await step({ type: 'establish_duty', basis: 'Credible, specific plot: named group, the shrine, a car bomb, within 72 hours.' }, 'olga', 40);
    await step({
      type: 'propose_waiver',
      reasons: [{ reason: 'endangers_sources_or_operations', justification: 'A warning could reveal the intercept.' }],
      reReviewAt: at(7 * 24 * 60),
    }, 'ana', 62);
    await step({ type: 'reject_waiver', reason: 'The news report and the cable support a tearline.' }, 'lena', 70);
    clock.set(at(80));
    const drafted = await draftWarningForPartner(store, caseId, {
      partnerName: 'syria-gss',
      warningText: 'Credible reporting indicates a vehicle bomb attack is planned against the Sayyida Zaynab shrine within 72 hours.',
    }, actor('ana'), clock.now());
    assert.ok(drafted.ok, drafted.ok ? '' : `${drafted.code}: ${drafted.message}`);
    const hash = drafted.product.sha256;
    await step({ type: 'submit_for_release' }, 'ana', 85);
    await step({ type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 'olga', 90);
    await step({ type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 'finn', 95);
    clock.set(at(96));
    const dispatched = await dispatchDue({
      store, clock, settings: DEFAULT_DELIVERY_SETTINGS,
      webhook: { post: async () => ({ ok: false, error: 'no webhooks here', retryable: false }) },
      mailer: null, mailFrom: 'warnings@tearline.example', webhookSecrets: () => [], ingest: ingestObjects, ackLinks: null, recorder: 'dan',
    });
    assert.equal(dispatched.sent.length, 1, 'the dispatcher delivered the warning');
    clock.set(at(120));
    const ack = await attestAcknowledgement({ store, clock }, dispatched.sent[0] as string, {
      attestation: 'The duty officer confirmed receipt by telephone.', acknowledgedBy: 'Duty officer, liaison desk', actor: actor('dan'),
    });
    assert.ok(ack.ok, JSON.stringify(ack));
    await step({ type: 'start_monitoring' }, 'ana', 130);
    await step({ type: 'close', outcome: 'foiled', note: 'Partner stopped the vehicle at a checkpoint.' }, 'olga', 62 * 60);
  } finally {
    await store.close();
  }
  const created = await cli(db, ['token', 'create', 'ana', '--scope', 'objects.read', '--name', 'copy test']);
  const token = created.split('\n')[1]?.trim() as string;

  // Objects POSTed over TAXII by the partner: a status, memberships with their date_added.
  const taxiiIds = await postOverTaxii(db, collectionId);
  return { collectionId, token, taxiiIds };
}

async function postOverTaxii(db: string, collectionId: string): Promise<string[]> {
  const loaded = loadConfig({ TEARLINE_DB: db, TEARLINE_DEMO: '0', TEARLINE_HOST: '127.0.0.1', TEARLINE_PORT: '0' });
  assert.ok(loaded.ok);
  const store = openSqliteStore({ path: db });
  const server = await defaultDeps().serve(loaded.config, store);
  try {
    const ids: string[] = [];
    for (let round = 0; round < 2; round++) {
      const objects = [0, 1, 2].map((i) => {
        const id = `indicator--0000${round}${i}00-1111-4222-8333-444455556666`;
        ids.push(id);
        return {
          type: 'indicator', spec_version: '2.1', id, created: '2025-02-01T00:00:00.000Z', modified: `2025-02-0${round + 1}T00:00:00.000Z`,
          name: `Copy test indicator ${round}.${i}`, pattern: `[ipv4-addr:value = '203.0.113.${10 * round + i}']`, pattern_type: 'stix',
          valid_from: '2025-02-01T00:00:00.000Z', object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
        };
      });
      const response = await fetch(`${server.url}/taxii2/root/collections/${collectionId}/objects/`, {
        method: 'POST',
        headers: { 'content-type': TAXII, accept: TAXII, authorization: basic('partner', PARTNER_PASSWORD) },
        body: JSON.stringify({ objects }),
      });
      assert.equal(response.status, 202, await response.text());
    }
    return [...new Set(ids)];
  } finally {
    await server.close();
    await store.close();
  }
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Columns only one adapter has (storage/copy/plan.ts DERIVED_COLUMNS); checked by integrityCheck instead. */
const DERIVED = new Set(['objects.id_hash', 'objects.latest_key']);
const LEDGERS = new Set(['schema_migrations', 'facet_migrations']);

/** Every table's rows, as sorted canonical strings, in SQLite's encoding. */
export type Contents = Record<string, string[]>;

function canonical(table: string, row: Record<string, unknown>, jsonColumns: ReadonlySet<string>): string {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (DERIVED.has(`${table}.${column}`)) continue;
    if (typeof value === 'boolean') out[column] = value ? 1 : 0;
    else if (jsonColumns.has(column) && typeof value === 'string') out[column] = JSON.parse(value) as unknown;
    else out[column] = value;
  }
  return stable(out);
}

/** JSON with object keys sorted (jsonb keeps its own key order). */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Table contents of a SQLite store; `jsonColumns` says which text columns hold JSON (PostgreSQL's jsonb, text[]). */
export function sqliteContents(path: string, jsonColumns: Readonly<Record<string, ReadonlySet<string>>>): Contents {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'").pluck().all() as string[];
    const contents: Contents = {};
    for (const table of tables.filter((t) => !LEDGERS.has(t))) {
      contents[table] = (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
        .map((row) => canonical(table, row, jsonColumns[table] ?? new Set())).sort();
    }
    return contents;
  } finally {
    db.close();
  }
}

/** Table contents of a PostgreSQL store, and which of its columns are jsonb or arrays. */
export async function pgContents(url: string, schema: string): Promise<{ contents: Contents; jsonColumns: Record<string, Set<string>> }> {
  const client = new pg.Client({ connectionString: url });
  // int8 as numbers, as the adapter reads them.
  client.setTypeParser(20, (text: string) => Number(text));
  await client.connect();
  try {
    const columns = await client.query<{ table: string; column: string; type: string }>(
      `SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns WHERE table_schema = $1`, [schema]);
    const jsonColumns: Record<string, Set<string>> = {};
    for (const c of columns.rows) if (c.type === 'jsonb' || c.type === 'ARRAY') (jsonColumns[c.table] ??= new Set()).add(c.column);
    const contents: Contents = {};
    for (const table of [...new Set(columns.rows.map((c) => c.table))].filter((t) => !LEDGERS.has(t))) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`);
      // jsonb and arrays come back parsed: compare them parsed on both sides.
      contents[table] = rows.map((row) => canonical(table, row, new Set())).sort();
    }
    return { contents, jsonColumns };
  } finally {
    await client.end();
  }
}
