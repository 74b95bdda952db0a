// SQLite facet `warnings` (port: app/ports/warnings.ts): duty-to-warn cases with every
// version and event, the deadline keys the scheduler fired, and the frozen products.
// Cases and events are JSON text written by the application: stored and handed back, never
// interpreted here. History is append-only and products immutable, enforced by triggers so
// that no code path (and no hand-typed SQL) can rewrite what oversight relies on.
import type { Page } from '../../app/ports.ts';
import {
  WarningVersionConflictError,
  type CaseListQuery, type CaseVersionRecord, type FiredDeadlineRecord, type FrozenProductRecord, type ProductChannel,
  type StoredCase, type StoredWarningEvent, type WarningsReads, type WarningsWrites,
} from '../../app/ports/warnings.ts';
import type { WarningCase, WarningEvent, WarningState } from '../../domain/warning/index.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Connection } from './connection.ts';
import type { FacetMigration, Guard, SqliteFacet } from './facets.ts';
import { limitBy } from './limit.ts';

const MIGRATIONS: readonly FacetMigration[] = [
  {
    version: 1,
    name: 'warning cases, versions, events, fired deadlines, frozen products',
    sql: `
      CREATE TABLE warning_cases (
        id          TEXT    PRIMARY KEY,
        threat_id   TEXT    UNIQUE,
        version     INTEGER NOT NULL,
        state       TEXT    NOT NULL,
        reported_at TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        case_json   TEXT    NOT NULL
      );
      CREATE INDEX warning_cases_state ON warning_cases (state, id);
      CREATE TABLE warning_case_versions (
        case_id   TEXT    NOT NULL REFERENCES warning_cases (id),
        version   INTEGER NOT NULL,
        state     TEXT    NOT NULL,
        at        TEXT    NOT NULL,
        case_json TEXT    NOT NULL,
        PRIMARY KEY (case_id, version)
      );
      CREATE TABLE warning_events (
        case_id    TEXT    NOT NULL REFERENCES warning_cases (id),
        seq        INTEGER NOT NULL,
        version    INTEGER NOT NULL,
        type       TEXT    NOT NULL,
        at         TEXT    NOT NULL,
        event_json TEXT    NOT NULL,
        PRIMARY KEY (case_id, seq)
      );
      CREATE TABLE warning_fired_deadlines (
        key      TEXT PRIMARY KEY,
        case_id  TEXT NOT NULL REFERENCES warning_cases (id),
        fired_at TEXT NOT NULL,
        action   TEXT NOT NULL
      );
      CREATE INDEX warning_fired_deadlines_case ON warning_fired_deadlines (case_id, fired_at);
      CREATE TABLE warning_products (
        product_id   TEXT PRIMARY KEY,
        case_id      TEXT NOT NULL REFERENCES warning_cases (id),
        sha256       TEXT NOT NULL,
        bundle_json  TEXT NOT NULL,
        banner       TEXT NOT NULL,
        warning_text TEXT NOT NULL,
        partner_name TEXT NOT NULL,
        channels     TEXT NOT NULL,
        media_type   TEXT NOT NULL,
        frozen_at    TEXT NOT NULL,
        frozen_by    TEXT NOT NULL
      );
      CREATE INDEX warning_products_case ON warning_products (case_id, frozen_at);
      CREATE TRIGGER warning_case_versions_no_update BEFORE UPDATE ON warning_case_versions
      BEGIN SELECT RAISE(ABORT, 'warning case versions are history: they cannot be changed'); END;
      CREATE TRIGGER warning_case_versions_no_delete BEFORE DELETE ON warning_case_versions
      BEGIN SELECT RAISE(ABORT, 'warning case versions are history: they cannot be deleted'); END;
      CREATE TRIGGER warning_events_no_update BEFORE UPDATE ON warning_events
      BEGIN SELECT RAISE(ABORT, 'warning events are append-only: they cannot be changed'); END;
      CREATE TRIGGER warning_events_no_delete BEFORE DELETE ON warning_events
      BEGIN SELECT RAISE(ABORT, 'warning events are append-only: they cannot be deleted'); END;
      CREATE TRIGGER warning_fired_deadlines_no_update BEFORE UPDATE ON warning_fired_deadlines
      BEGIN SELECT RAISE(ABORT, 'a fired deadline stays fired: it cannot be changed'); END;
      CREATE TRIGGER warning_fired_deadlines_no_delete BEFORE DELETE ON warning_fired_deadlines
      BEGIN SELECT RAISE(ABORT, 'a fired deadline stays fired: it cannot be deleted'); END;
      CREATE TRIGGER warning_products_no_update BEFORE UPDATE ON warning_products
      BEGIN SELECT RAISE(ABORT, 'a frozen warning product is immutable: it cannot be changed'); END;
      CREATE TRIGGER warning_products_no_delete BEFORE DELETE ON warning_products
      BEGIN SELECT RAISE(ABORT, 'a frozen warning product is immutable: it cannot be deleted'); END;
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
  readonly channels: string;
  readonly media_type: string;
  readonly frozen_at: string;
  readonly frozen_by: string;
}

/** A list of states as one parameter: a JSON array. */
const STATES_PARAM = '(SELECT value FROM json_each(?))';

function prepareReadStatements(db: Connection) {
  return {
    getCase: db.prepare('SELECT id, threat_id, version, case_json FROM warning_cases WHERE id = ?'),
    caseOfThreat: db.prepare('SELECT id, threat_id, version, case_json FROM warning_cases WHERE threat_id = ?'),
    listFirst: db.prepare(`SELECT id, threat_id, version, case_json FROM warning_cases ORDER BY id ${limitBy('?')}`),
    listAfter: db.prepare(`SELECT id, threat_id, version, case_json FROM warning_cases WHERE id > ? ORDER BY id ${limitBy('?')}`),
    listStatesFirst: db.prepare(`SELECT id, threat_id, version, case_json FROM warning_cases
      WHERE state IN ${STATES_PARAM} ORDER BY id ${limitBy('?')}`),
    listStatesAfter: db.prepare(`SELECT id, threat_id, version, case_json FROM warning_cases
      WHERE state IN ${STATES_PARAM} AND id > ? ORDER BY id ${limitBy('?')}`),
    versions: db.prepare('SELECT case_id, version, state, at, case_json FROM warning_case_versions WHERE case_id = ? ORDER BY version'),
    events: db.prepare('SELECT case_id, seq, version, event_json FROM warning_events WHERE case_id = ? ORDER BY seq'),
    hasFired: db.prepare('SELECT 1 FROM warning_fired_deadlines WHERE key = ?').pluck(),
    firedOf: db.prepare('SELECT key, case_id, fired_at, action FROM warning_fired_deadlines WHERE case_id = ? ORDER BY fired_at, key'),
    product: db.prepare('SELECT * FROM warning_products WHERE product_id = ?'),
    productsOf: db.prepare('SELECT * FROM warning_products WHERE case_id = ? ORDER BY frozen_at, product_id'),
  };
}

function prepareWriteStatements(db: Connection) {
  return {
    currentVersion: db.prepare('SELECT version FROM warning_cases WHERE id = ?').pluck(),
    threatTaken: db.prepare('SELECT 1 FROM warning_cases WHERE threat_id = ?').pluck(),
    insertCase: db.prepare(`INSERT INTO warning_cases (id, threat_id, version, state, reported_at, updated_at, case_json)
      VALUES (?, ?, 1, ?, ?, ?, ?)`),
    updateCase: db.prepare('UPDATE warning_cases SET version = ?, state = ?, updated_at = ?, case_json = ? WHERE id = ? AND version = ?'),
    insertVersion: db.prepare('INSERT INTO warning_case_versions (case_id, version, state, at, case_json) VALUES (?, ?, ?, ?, ?)'),
    lastEventSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM warning_events WHERE case_id = ?').pluck(),
    insertEvent: db.prepare('INSERT INTO warning_events (case_id, seq, version, type, at, event_json) VALUES (?, ?, ?, ?, ?, ?)'),
    insertFired: db.prepare(`INSERT INTO warning_fired_deadlines (key, case_id, fired_at, action) VALUES (?, ?, ?, ?)
      ON CONFLICT (key) DO NOTHING`),
    product: db.prepare('SELECT * FROM warning_products WHERE product_id = ?'),
    insertProduct: db.prepare(`INSERT INTO warning_products (product_id, case_id, sha256, bundle_json, banner, warning_text,
        partner_name, channels, media_type, frozen_at, frozen_by)
      VALUES (@product_id, @case_id, @sha256, @bundle_json, @banner, @warning_text, @partner_name, @channels, @media_type,
        @frozen_at, @frozen_by)`),
  };
}

type Statements = ReturnType<typeof prepareReadStatements>;
type WriteStatements = ReturnType<typeof prepareWriteStatements>;

interface WriteUnits {
  readonly s: WriteStatements;
  readonly createCase: (opened: WarningCase, events: readonly WarningEvent[], threatId: string | null) => boolean;
  readonly saveCase: (next: WarningCase, expectedVersion: number, events: readonly WarningEvent[]) => number;
  readonly putProduct: (product: FrozenProductRecord) => 'stored' | 'unchanged' | 'conflict';
}

/** Multi-statement writes as savepoints: all of one call or none of it. */
function prepareWriteUnits(db: Connection): WriteUnits {
  const s = prepareWriteStatements(db);
  const appendEvents = (caseId: string, version: number, events: readonly WarningEvent[]): void => {
    let seq = s.lastEventSeq.get(caseId) as number;
    for (const event of events) {
      seq += 1;
      s.insertEvent.run(caseId, seq, version, event.type, event.at, JSON.stringify(event));
    }
  };
  return {
    s,
    createCase: db.transaction((opened: WarningCase, events: readonly WarningEvent[], threatId: string | null): boolean => {
      if (s.currentVersion.get(opened.id) !== undefined) return false;
      if (threatId !== null && s.threatTaken.get(threatId) !== undefined) return false;
      const json = JSON.stringify(opened);
      s.insertCase.run(opened.id, threatId, opened.state, opened.milestones.reportedAt, opened.updatedAt, json);
      s.insertVersion.run(opened.id, 1, opened.state, opened.updatedAt, json);
      appendEvents(opened.id, 1, events);
      return true;
    }),
    saveCase: db.transaction((next: WarningCase, expectedVersion: number, events: readonly WarningEvent[]): number => {
      const version = expectedVersion + 1;
      const json = JSON.stringify(next);
      // Compare-and-set on the version: a writer that read an older version changes nothing.
      if (s.updateCase.run(version, next.state, next.updatedAt, json, next.id, expectedVersion).changes !== 1) {
        throw new WarningVersionConflictError(next.id, expectedVersion, (s.currentVersion.get(next.id) as number | undefined) ?? null);
      }
      s.insertVersion.run(next.id, version, next.state, next.updatedAt, json);
      appendEvents(next.id, version, events);
      return version;
    }),
    putProduct: db.transaction((p: FrozenProductRecord): 'stored' | 'unchanged' | 'conflict' => {
      const existing = s.product.get(p.productId) as ProductRow | undefined;
      if (existing !== undefined) {
        return existing.case_id === p.caseId && existing.sha256 === p.sha256 && existing.bundle_json === p.bundleJson ? 'unchanged' : 'conflict';
      }
      s.insertProduct.run({
        product_id: p.productId,
        case_id: p.caseId,
        sha256: p.sha256,
        bundle_json: p.bundleJson,
        banner: p.banner,
        warning_text: p.warningText,
        partner_name: p.partnerName,
        channels: JSON.stringify(p.channels),
        media_type: p.mediaType,
        frozen_at: p.frozenAt,
        frozen_by: p.frozenBy,
      });
      return 'stored';
    }),
  };
}

class SqliteWarningsReads implements WarningsReads {
  constructor(
    protected readonly s: Statements,
    protected readonly guard: Guard,
  ) {}

  async getCase(caseId: string): Promise<StoredCase | null> {
    this.guard();
    const row = this.s.getCase.get(caseId) as CaseRow | undefined;
    return row === undefined ? null : toStoredCase(row);
  }

  async caseOfThreat(threatId: string): Promise<StoredCase | null> {
    this.guard();
    const row = this.s.caseOfThreat.get(threatId) as CaseRow | undefined;
    return row === undefined ? null : toStoredCase(row);
  }

  async listCases(query: CaseListQuery): Promise<Page<StoredCase>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const after = query.cursor === undefined ? null : decodeCursor(LIST_CURSOR, query.cursor, ['string'] as const)[0];
    let rows: CaseRow[];
    if (query.states === undefined) {
      rows = (after === null ? this.s.listFirst.all(limit + 1) : this.s.listAfter.all(after, limit + 1)) as CaseRow[];
    } else {
      const states = JSON.stringify(query.states);
      rows = (after === null ? this.s.listStatesFirst.all(states, limit + 1) : this.s.listStatesAfter.all(states, after, limit + 1)) as CaseRow[];
    }
    const items = rows.slice(0, limit).map(toStoredCase);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.id]) };
  }

  async caseVersions(caseId: string): Promise<readonly CaseVersionRecord[]> {
    this.guard();
    return (this.s.versions.all(caseId) as VersionRow[]).map((r) => ({
      caseId: r.case_id,
      version: r.version,
      state: r.state,
      at: r.at,
      case: JSON.parse(r.case_json) as WarningCase,
    }));
  }

  async events(caseId: string): Promise<readonly StoredWarningEvent[]> {
    this.guard();
    return (this.s.events.all(caseId) as EventRow[]).map((r) => ({
      caseId: r.case_id,
      seq: r.seq,
      version: r.version,
      event: JSON.parse(r.event_json) as WarningEvent,
    }));
  }

  async hasFiredDeadline(key: string): Promise<boolean> {
    this.guard();
    return this.s.hasFired.get(key) !== undefined;
  }

  async firedDeadlines(caseId: string): Promise<readonly FiredDeadlineRecord[]> {
    this.guard();
    return (this.s.firedOf.all(caseId) as FiredRow[]).map((r) => ({ key: r.key, caseId: r.case_id, firedAt: r.fired_at, action: r.action }));
  }

  async getProduct(productId: string): Promise<FrozenProductRecord | null> {
    this.guard();
    const row = this.s.product.get(productId) as ProductRow | undefined;
    return row === undefined ? null : toProduct(row);
  }

  async productsOf(caseId: string): Promise<readonly FrozenProductRecord[]> {
    this.guard();
    return (this.s.productsOf.all(caseId) as ProductRow[]).map(toProduct);
  }
}

class SqliteWarningsWrites extends SqliteWarningsReads implements WarningsWrites {
  constructor(s: Statements, guard: Guard, private readonly units: WriteUnits) {
    super(s, guard);
  }

  async createCase(opened: WarningCase, events: readonly WarningEvent[], threatId: string | null): Promise<boolean> {
    this.guard();
    return this.units.createCase(opened, events, threatId);
  }

  async saveCase(next: WarningCase, expectedVersion: number, events: readonly WarningEvent[]): Promise<number> {
    this.guard();
    return this.units.saveCase(next, expectedVersion, events);
  }

  async recordFiredDeadline(record: FiredDeadlineRecord): Promise<boolean> {
    this.guard();
    return this.units.s.insertFired.run(record.key, record.caseId, record.firedAt, record.action).changes === 1;
  }

  async putProduct(product: FrozenProductRecord): Promise<'stored' | 'unchanged' | 'conflict'> {
    this.guard();
    return this.units.putProduct(product);
  }
}

export const warningsFacet: SqliteFacet<WarningsReads, WarningsWrites> = {
  name: 'warnings',
  migrations: MIGRATIONS,
  prepare(db: Connection) {
    const s = prepareReadStatements(db);
    // Write statements are prepared on first use: a read-only connection never gets there.
    let units: WriteUnits | null = null;
    return {
      reads: (guard) => new SqliteWarningsReads(s, guard),
      writes: (guard) => new SqliteWarningsWrites(s, guard, (units ??= prepareWriteUnits(db))),
    };
  },
};

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
    channels: JSON.parse(r.channels) as ProductChannel[],
    mediaType: 'application/stix+json;version=2.1',
    frozenAt: r.frozen_at,
    frozenBy: r.frozen_by,
  };
}
