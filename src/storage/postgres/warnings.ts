// PostgreSQL facet `warnings` (port: app/ports/warnings.ts; SQLite: storage/sqlite/warnings.ts,
// which this mirrors): duty-to-warn cases with every version and event, the deadline keys
// the scheduler fired, and the frozen products. Cases and events are JSON text written by
// the application (TEXT, exactly as written): stored and handed back, never interpreted here.
// History is append-only and products immutable, enforced by triggers so that no code path
// (and no hand-typed SQL) can rewrite what oversight relies on.
//
// Each multi-statement write checks first (existing case, taken threat, version) and writes
// last, as one serial section of the write; the write holds the cluster-wide write lock, so
// the compare-and-set on a case's version and the event numbering see every other node's
// committed writes. The unique fired-deadline key stands behind that on its own.
import type { Page } from '../../app/ports.ts';
import {
  WarningVersionConflictError,
  type CaseListQuery, type CaseVersionRecord, type FiredDeadlineRecord, type FrozenProductRecord, type ProductChannel,
  type StoredCase, type StoredWarningEvent, type WarningsReads, type WarningsWrites,
} from '../../app/ports/warnings.ts';
import type { WarningCase, WarningEvent, WarningState } from '../../domain/warning/index.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { FacetMigration, Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { json, jsonColumns } from './bulk.ts';
import { lookup, requireAll, run } from './statement.ts';
import { storable } from './text.ts';

const refuse = (table: string, message: string): string => `
      CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION warning_refuse_change('${message}');
      CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION warning_refuse_change('${message}');`;

const MIGRATIONS: readonly FacetMigration[] = [
  {
    version: 1,
    name: 'warning cases, versions, events, fired deadlines, frozen products',
    sql: `
      CREATE TABLE warning_cases (
        id          text COLLATE "C" PRIMARY KEY,
        threat_id   text COLLATE "C" UNIQUE,
        version     integer NOT NULL,
        state       text NOT NULL,
        reported_at text NOT NULL,
        updated_at  text NOT NULL,
        case_json   text NOT NULL
      );
      CREATE INDEX warning_cases_state ON warning_cases (state, id);
      CREATE TABLE warning_case_versions (
        case_id   text COLLATE "C" NOT NULL REFERENCES warning_cases (id),
        version   integer NOT NULL,
        state     text NOT NULL,
        at        text NOT NULL,
        case_json text NOT NULL,
        PRIMARY KEY (case_id, version)
      );
      CREATE TABLE warning_events (
        case_id    text COLLATE "C" NOT NULL REFERENCES warning_cases (id),
        seq        integer NOT NULL,
        version    integer NOT NULL,
        type       text NOT NULL,
        at         text NOT NULL,
        event_json text NOT NULL,
        PRIMARY KEY (case_id, seq)
      );
      CREATE TABLE warning_fired_deadlines (
        key      text COLLATE "C" PRIMARY KEY,
        case_id  text COLLATE "C" NOT NULL REFERENCES warning_cases (id),
        fired_at text COLLATE "C" NOT NULL,
        action   text NOT NULL
      );
      CREATE INDEX warning_fired_deadlines_case ON warning_fired_deadlines (case_id, fired_at);
      CREATE TABLE warning_products (
        product_id   text COLLATE "C" PRIMARY KEY,
        case_id      text COLLATE "C" NOT NULL REFERENCES warning_cases (id),
        sha256       text NOT NULL,
        bundle_json  text NOT NULL,
        banner       text NOT NULL,
        warning_text text NOT NULL,
        partner_name text NOT NULL,
        channels     jsonb NOT NULL,
        media_type   text NOT NULL,
        frozen_at    text COLLATE "C" NOT NULL,
        frozen_by    text NOT NULL
      );
      CREATE INDEX warning_products_case ON warning_products (case_id, frozen_at);
      CREATE FUNCTION warning_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%', TG_ARGV[0];
      END $$;
      ${refuse('warning_case_versions', 'warning case versions are history: they cannot be changed or deleted')}
      ${refuse('warning_events', 'warning events are append-only: they cannot be changed or deleted')}
      ${refuse('warning_fired_deadlines', 'a fired deadline stays fired: it cannot be changed or deleted')}
      ${refuse('warning_products', 'a frozen warning product is immutable: it cannot be changed or deleted')}
    `,
  },
];

const LIST_CURSOR = 'warning-cases';
const MAX_LIST = 1000;

interface CaseRow {
  readonly id: string;
  readonly threat_id: string | null;
  readonly version: number;
  readonly case_json: string;
}

interface VersionRow {
  readonly case_id: string;
  readonly version: number;
  readonly state: WarningState;
  readonly at: string;
  readonly case_json: string;
}

interface EventRow {
  readonly case_id: string;
  readonly seq: number;
  readonly version: number;
  readonly event_json: string;
}

interface FiredRow {
  readonly key: string;
  readonly case_id: string;
  readonly fired_at: string;
  readonly action: string;
}

interface ProductRow {
  readonly product_id: string;
  readonly case_id: string;
  readonly sha256: string;
  readonly bundle_json: string;
  readonly banner: string;
  readonly warning_text: string;
  readonly partner_name: string;
  readonly channels: ProductChannel[];
  readonly media_type: string;
  readonly frozen_at: string;
  readonly frozen_by: string;
}

const CASE_COLUMNS = 'id, threat_id, version, case_json';
const PRODUCT_COLUMNS = `product_id, case_id, sha256, bundle_json, banner, warning_text, partner_name, channels, media_type,
  frozen_at, frozen_by`;
/** A list of states as one parameter: a JSON array. */
const STATES = '(SELECT json_array_elements_text($1::json))';

const Q = {
  getCase: { name: 'tl_warnings_get_case', text: `SELECT ${CASE_COLUMNS} FROM warning_cases WHERE id = $1` },
  caseOfThreat: { name: 'tl_warnings_case_of_threat', text: `SELECT ${CASE_COLUMNS} FROM warning_cases WHERE threat_id = $1` },
  listFirst: { name: 'tl_warnings_list_first', text: `SELECT ${CASE_COLUMNS} FROM warning_cases ORDER BY id LIMIT $1` },
  listAfter: { name: 'tl_warnings_list_after', text: `SELECT ${CASE_COLUMNS} FROM warning_cases WHERE id > $1 ORDER BY id LIMIT $2` },
  listStatesFirst: {
    name: 'tl_warnings_list_states_first',
    text: `SELECT ${CASE_COLUMNS} FROM warning_cases WHERE state IN ${STATES} ORDER BY id LIMIT $2`,
  },
  listStatesAfter: {
    name: 'tl_warnings_list_states_after',
    text: `SELECT ${CASE_COLUMNS} FROM warning_cases WHERE state IN ${STATES} AND id > $2 ORDER BY id LIMIT $3`,
  },
  versions: {
    name: 'tl_warnings_versions',
    text: 'SELECT case_id, version, state, at, case_json FROM warning_case_versions WHERE case_id = $1 ORDER BY version',
  },
  events: { name: 'tl_warnings_events', text: 'SELECT case_id, seq, version, event_json FROM warning_events WHERE case_id = $1 ORDER BY seq' },
  hasFired: { name: 'tl_warnings_has_fired', text: 'SELECT 1 FROM warning_fired_deadlines WHERE key = $1' },
  firedOf: {
    name: 'tl_warnings_fired_of',
    text: 'SELECT key, case_id, fired_at, action FROM warning_fired_deadlines WHERE case_id = $1 ORDER BY fired_at, key',
  },
  product: { name: 'tl_warnings_product', text: `SELECT ${PRODUCT_COLUMNS} FROM warning_products WHERE product_id = $1` },
  productsOf: {
    name: 'tl_warnings_products_of',
    text: `SELECT ${PRODUCT_COLUMNS} FROM warning_products WHERE case_id = $1 ORDER BY frozen_at, product_id`,
  },

  currentVersion: { name: 'tl_warnings_current_version', text: 'SELECT version FROM warning_cases WHERE id = $1' },
  threatTaken: { name: 'tl_warnings_threat_taken', text: 'SELECT 1 FROM warning_cases WHERE threat_id = $1' },
  insertCase: {
    name: 'tl_warnings_insert_case',
    text: `INSERT INTO warning_cases (id, threat_id, version, state, reported_at, updated_at, case_json)
      VALUES ($1, $2, 1, $3, $4, $5, $6)`,
  },
  // Compare-and-set on the version: a writer that read an older version changes nothing.
  updateCase: {
    name: 'tl_warnings_update_case',
    text: 'UPDATE warning_cases SET version = $1, state = $2, updated_at = $3, case_json = $4 WHERE id = $5 AND version = $6 RETURNING id',
  },
  insertVersion: {
    name: 'tl_warnings_insert_version',
    text: 'INSERT INTO warning_case_versions (case_id, version, state, at, case_json) VALUES ($1, $2, $3, $4, $5)',
  },
  lastEventSeq: { name: 'tl_warnings_last_event', text: 'SELECT coalesce(max(seq), 0) AS seq FROM warning_events WHERE case_id = $1' },
  insertEvents: {
    name: 'tl_warnings_insert_events',
    text: `INSERT INTO warning_events (case_id, seq, version, type, at, event_json)
      SELECT $1, $2 + ord::int, $3, type, at, event_json FROM ${jsonColumns('u', ['type', 'at', 'event_json'], { first: 4, ordinality: 'ord' })}`,
  },
  insertFired: {
    name: 'tl_warnings_insert_fired',
    text: `INSERT INTO warning_fired_deadlines (key, case_id, fired_at, action) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key) DO NOTHING RETURNING key`,
  },
  insertProduct: {
    name: 'tl_warnings_insert_product',
    text: `INSERT INTO warning_products (${PRODUCT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
  },
} as const;

function toStoredCase(r: CaseRow): StoredCase {
  return { case: JSON.parse(r.case_json) as WarningCase, version: r.version, threatId: r.threat_id };
}

function toProduct(r: ProductRow): FrozenProductRecord {
  return {
    productId: r.product_id,
    caseId: r.case_id,
    sha256: r.sha256,
    bundleJson: r.bundle_json,
    banner: r.banner,
    warningText: r.warning_text,
    partnerName: r.partner_name,
    channels: r.channels,
    mediaType: 'application/stix+json;version=2.1',
    frozenAt: r.frozen_at,
    frozenBy: r.frozen_by,
  };
}

class PgWarningsReads implements WarningsReads {
  constructor(
    protected readonly sql: Sql,
    protected readonly guard: Guard,
  ) {}

  async getCase(caseId: string): Promise<StoredCase | null> {
    this.guard();
    const [row] = await lookup<CaseRow>(this.sql, Q.getCase, [caseId]);
    return row === undefined ? null : toStoredCase(row);
  }

  async caseOfThreat(threatId: string): Promise<StoredCase | null> {
    this.guard();
    const [row] = await lookup<CaseRow>(this.sql, Q.caseOfThreat, [threatId]);
    return row === undefined ? null : toStoredCase(row);
  }

  async listCases(query: CaseListQuery): Promise<Page<StoredCase>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const after = query.cursor === undefined ? null : decodeCursor(LIST_CURSOR, query.cursor, ['string'] as const)[0];
    let rows: CaseRow[];
    if (query.states === undefined) {
      rows = after === null ? await run<CaseRow>(this.sql, Q.listFirst, [limit + 1]) : await lookup<CaseRow>(this.sql, Q.listAfter, [after, limit + 1]);
    } else {
      const states = json(query.states.filter(storable));
      rows = after === null
        ? await run<CaseRow>(this.sql, Q.listStatesFirst, [states, limit + 1])
        : await lookup<CaseRow>(this.sql, Q.listStatesAfter, [states, after, limit + 1]);
    }
    const items = rows.slice(0, limit).map(toStoredCase);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.id]) };
  }

  async caseVersions(caseId: string): Promise<readonly CaseVersionRecord[]> {
    this.guard();
    return (await lookup<VersionRow>(this.sql, Q.versions, [caseId])).map((r) => ({
      caseId: r.case_id,
      version: r.version,
      state: r.state,
      at: r.at,
      case: JSON.parse(r.case_json) as WarningCase,
    }));
  }

  async events(caseId: string): Promise<readonly StoredWarningEvent[]> {
    this.guard();
    return (await lookup<EventRow>(this.sql, Q.events, [caseId])).map((r) => ({
      caseId: r.case_id,
      seq: r.seq,
      version: r.version,
      event: JSON.parse(r.event_json) as WarningEvent,
    }));
  }

  async hasFiredDeadline(key: string): Promise<boolean> {
    this.guard();
    return (await lookup(this.sql, Q.hasFired, [key])).length > 0;
  }

  async firedDeadlines(caseId: string): Promise<readonly FiredDeadlineRecord[]> {
    this.guard();
    return (await lookup<FiredRow>(this.sql, Q.firedOf, [caseId])).map((r) => ({ key: r.key, caseId: r.case_id, firedAt: r.fired_at, action: r.action }));
  }

  async getProduct(productId: string): Promise<FrozenProductRecord | null> {
    this.guard();
    const [row] = await lookup<ProductRow>(this.sql, Q.product, [productId]);
    return row === undefined ? null : toProduct(row);
  }

  async productsOf(caseId: string): Promise<readonly FrozenProductRecord[]> {
    this.guard();
    return (await lookup<ProductRow>(this.sql, Q.productsOf, [caseId])).map(toProduct);
  }
}

class PgWarningsWrites extends PgWarningsReads implements WarningsWrites {
  constructor(private readonly tx: TxSql, guard: Guard) {
    super(tx, guard);
  }

  async createCase(opened: WarningCase, events: readonly WarningEvent[], threatId: string | null): Promise<boolean> {
    this.guard();
    requireAll('warning case', [opened.id, threatId, opened.state, opened.milestones.reportedAt, opened.updatedAt]);
    requireEvents(events);
    return this.tx.serial(async () => {
      if ((await run(this.tx, Q.currentVersion, [opened.id])).length > 0) return false;
      if (threatId !== null && (await run(this.tx, Q.threatTaken, [threatId])).length > 0) return false;
      const caseJson = JSON.stringify(opened);
      await run(this.tx, Q.insertCase, [opened.id, threatId, opened.state, opened.milestones.reportedAt, opened.updatedAt, caseJson]);
      await run(this.tx, Q.insertVersion, [opened.id, 1, opened.state, opened.updatedAt, caseJson]);
      await this.#appendEvents(opened.id, 1, events);
      return true;
    });
  }

  async saveCase(next: WarningCase, expectedVersion: number, events: readonly WarningEvent[]): Promise<number> {
    this.guard();
    requireAll('warning case', [next.id, next.state, next.updatedAt]);
    requireEvents(events);
    const version = expectedVersion + 1;
    return this.tx.serial(async () => {
      const caseJson = JSON.stringify(next);
      const updated = Number.isSafeInteger(version) && version <= 2 ** 31 - 1
        ? await run(this.tx, Q.updateCase, [version, next.state, next.updatedAt, caseJson, next.id, expectedVersion])
        : [];
      if (updated.length !== 1) {
        const [current] = await run<{ version: number }>(this.tx, Q.currentVersion, [next.id]);
        throw new WarningVersionConflictError(next.id, expectedVersion, current?.version ?? null);
      }
      await run(this.tx, Q.insertVersion, [next.id, version, next.state, next.updatedAt, caseJson]);
      await this.#appendEvents(next.id, version, events);
      return version;
    });
  }

  async recordFiredDeadline(record: FiredDeadlineRecord): Promise<boolean> {
    this.guard();
    requireAll('fired deadline', [record.key, record.caseId, record.firedAt, record.action]);
    return (await run(this.tx, Q.insertFired, [record.key, record.caseId, record.firedAt, record.action])).length === 1;
  }

  async putProduct(p: FrozenProductRecord): Promise<'stored' | 'unchanged' | 'conflict'> {
    this.guard();
    requireAll('frozen product', [p.productId, p.caseId, p.sha256, p.bundleJson, p.banner, p.warningText, p.partnerName,
      p.mediaType, p.frozenAt, p.frozenBy, ...p.channels]);
    return this.tx.serial(async () => {
      const [existing] = await run<ProductRow>(this.tx, Q.product, [p.productId]);
      if (existing !== undefined) {
        return existing.case_id === p.caseId && existing.sha256 === p.sha256 && existing.bundle_json === p.bundleJson ? 'unchanged' : 'conflict';
      }
      await run(this.tx, Q.insertProduct, [
        p.productId, p.caseId, p.sha256, p.bundleJson, p.banner, p.warningText, p.partnerName, JSON.stringify(p.channels),
        p.mediaType, p.frozenAt, p.frozenBy,
      ]);
      return 'stored';
    });
  }

  async #appendEvents(caseId: string, version: number, events: readonly WarningEvent[]): Promise<void> {
    if (events.length === 0) return;
    const [last] = await run<{ seq: number }>(this.tx, Q.lastEventSeq, [caseId]);
    await run(this.tx, Q.insertEvents, [
      caseId, last?.seq ?? 0, version,
      json(events.map((e) => e.type)), json(events.map((e) => e.at)), json(events.map((e) => JSON.stringify(e))),
    ]);
  }
}

function requireEvents(events: readonly WarningEvent[]): void {
  for (const event of events) requireAll('warning event', [event.type, event.at]);
}

export const warningsFacet: PgFacet<WarningsReads, WarningsWrites> = {
  name: 'warnings',
  migrations: MIGRATIONS,
  reads: (sql, guard) => new PgWarningsReads(sql, guard),
  writes: (tx, guard) => new PgWarningsWrites(tx, guard),
};
