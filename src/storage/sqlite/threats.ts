// The threats facet on SQLite (port: src/app/ports/threats.ts). Facts, evidence, summaries
// and assessments are JSON text written by the application: this adapter stores them and
// hands them back, it never interprets them. Key lists travel as one JSON array parameter
// (json_each), so a 1,000-key report is one statement, not a thousand.
import type { Page } from '../../app/ports.ts';
import type {
  AssessmentRecord, DecisionRecord, ThreatLink, ThreatListQuery, ThreatMember, ThreatRecord, ThreatStatus, ThreatSummary,
  ThreatsReads, ThreatsWrites,
} from '../../app/ports/threats.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Connection } from './connection.ts';
import type { FacetMigration, Guard, SqliteFacet } from './facets.ts';
import { limitBy } from './limit.ts';

const MIGRATIONS: readonly FacetMigration[] = [
  {
    version: 1,
    name: 'threats, members, blocking keys, links, assessments, decisions',
    sql: `
      CREATE TABLE threats (
        id           TEXT    PRIMARY KEY,
        status       TEXT    NOT NULL CHECK (status IN ('active', 'merged', 'retired')),
        merged_into  TEXT,
        name         TEXT    NOT NULL,
        created_at   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        report_count INTEGER NOT NULL,
        band_rank    INTEGER NOT NULL,
        score_key    INTEGER NOT NULL,
        summary      TEXT,
        signature    TEXT,
        next_check   TEXT,
        stix_version TEXT
      );
      CREATE INDEX threats_priority ON threats (status, band_rank, score_key DESC, id);
      CREATE INDEX threats_due ON threats (status, next_check);
      CREATE TABLE threat_members (
        report_id  TEXT    PRIMARY KEY,
        threat_id  TEXT    NOT NULL REFERENCES threats (id),
        arrival    INTEGER NOT NULL,
        title      TEXT    NOT NULL,
        facts      TEXT    NOT NULL,
        markings   TEXT    NOT NULL,
        suppressed TEXT    NOT NULL,
        reason     TEXT    NOT NULL,
        added_at   TEXT    NOT NULL
      );
      CREATE INDEX threat_members_threat ON threat_members (threat_id, arrival);
      CREATE TABLE threat_keys (
        key       TEXT NOT NULL,
        threat_id TEXT NOT NULL REFERENCES threats (id),
        PRIMARY KEY (key, threat_id)
      ) WITHOUT ROWID;
      CREATE INDEX threat_keys_threat ON threat_keys (threat_id);
      CREATE TABLE threat_links (
        report_id   TEXT    NOT NULL,
        against_id  TEXT    NOT NULL,
        threat_id   TEXT    NOT NULL,
        score       REAL    NOT NULL,
        joinable    INTEGER NOT NULL,
        anchored    INTEGER NOT NULL,
        anchor      TEXT    NOT NULL,
        rejected    INTEGER NOT NULL,
        evidence    TEXT    NOT NULL,
        computed_at TEXT    NOT NULL,
        PRIMARY KEY (report_id, against_id)
      );
      CREATE INDEX threat_links_threat ON threat_links (threat_id);
      CREATE TABLE threat_assessments (
        threat_id   TEXT    NOT NULL REFERENCES threats (id),
        seq         INTEGER NOT NULL,
        assessed_at TEXT    NOT NULL,
        trigger     TEXT    NOT NULL,
        signature   TEXT    NOT NULL,
        summary     TEXT    NOT NULL,
        assessment  TEXT    NOT NULL,
        PRIMARY KEY (threat_id, seq)
      );
      CREATE TABLE threat_decisions (
        seq        INTEGER PRIMARY KEY,
        decided_at TEXT    NOT NULL,
        actor      TEXT    NOT NULL,
        decision   TEXT    NOT NULL,
        note       TEXT
      );
    `,
  },
  {
    version: 2,
    // The next arrival number is max(arrival) + 1: without this index, a scan of every member per fusion.
    name: 'index of member arrival order',
    sql: 'CREATE INDEX threat_members_arrival ON threat_members (arrival)',
  },
];

const LIST_CURSOR = 'threats';
const MAX_LIST = 1000;
/** Threats without an assessment sort after every band. */
const NO_BAND = 9;

interface ThreatRow {
  readonly id: string;
  readonly status: ThreatStatus;
  readonly merged_into: string | null;
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly report_count: number;
  readonly band_rank: number;
  readonly score_key: number;
  readonly summary: string | null;
  readonly signature: string | null;
  readonly next_check: string | null;
  readonly stix_version: string | null;
}

interface MemberRow {
  readonly report_id: string;
  readonly threat_id: string;
  readonly title: string;
  readonly facts: string;
  readonly markings: string;
  readonly suppressed: string;
  readonly reason: string;
  readonly added_at: string;
}

interface LinkRow {
  readonly report_id: string;
  readonly against_id: string;
  readonly threat_id: string;
  readonly score: number;
  readonly joinable: number;
  readonly anchored: number;
  readonly anchor: string;
  readonly rejected: number;
  readonly evidence: string;
  readonly computed_at: string;
}

interface AssessmentRow {
  readonly threat_id: string;
  readonly seq: number;
  readonly assessed_at: string;
  readonly trigger: AssessmentRecord['trigger'];
  readonly signature: string;
  readonly summary: string;
  readonly assessment: string;
}

interface DecisionRow {
  readonly seq: number;
  readonly decided_at: string;
  readonly actor: string;
  readonly decision: string;
  readonly note: string | null;
}

type Statements = ReturnType<typeof prepareReadStatements>;
type WriteStatements = ReturnType<typeof prepareWriteStatements>;

/** A list of keys or ids as one parameter: a JSON array. */
const LIST_PARAM = '(SELECT value FROM json_each(?))';

function prepareReadStatements(db: Connection) {
  return {
    get: db.prepare('SELECT * FROM threats WHERE id = ?'),
    listFirst: db.prepare(`SELECT * FROM threats WHERE status = ? ORDER BY band_rank, score_key DESC, id ${limitBy('?')}`),
    listAfter: db.prepare(`SELECT * FROM threats WHERE status = ?
      AND (band_rank > ? OR (band_rank = ? AND (score_key < ? OR (score_key = ? AND id > ?))))
      ORDER BY band_rank, score_key DESC, id ${limitBy('?')}`),
    allIds: db.prepare('SELECT id FROM threats ORDER BY id').pluck(),
    activeIds: db.prepare("SELECT id FROM threats WHERE status = 'active' ORDER BY id").pluck(),
    due: db.prepare(`SELECT id FROM threats WHERE status = 'active' AND next_check IS NOT NULL AND next_check <= ? ORDER BY next_check, id ${limitBy('?')}`).pluck(),
    threatOf: db.prepare('SELECT threat_id FROM threat_members WHERE report_id = ?').pluck(),
    member: db.prepare('SELECT * FROM threat_members WHERE report_id = ?'),
    members: db.prepare(`SELECT * FROM threat_members WHERE threat_id IN ${LIST_PARAM} ORDER BY threat_id, arrival`),
    postingCounts: db.prepare(`SELECT key, count(*) AS n FROM threat_keys WHERE key IN ${LIST_PARAM} GROUP BY key`),
    threatsWithKeys: db.prepare(`SELECT threat_id FROM threat_keys WHERE key IN ${LIST_PARAM}
      GROUP BY threat_id HAVING count(*) >= ? ORDER BY threat_id ${limitBy('?')}`).pluck(),
    keysOf: db.prepare('SELECT key FROM threat_keys WHERE threat_id = ? ORDER BY key').pluck(),
    linksOfReports: db.prepare(`SELECT * FROM threat_links WHERE report_id IN ${LIST_PARAM} ORDER BY report_id, score DESC, against_id`),
    linksToThreat: db.prepare('SELECT * FROM threat_links WHERE threat_id = ? ORDER BY score DESC, report_id, against_id'),
    assessments: db.prepare(`SELECT * FROM threat_assessments WHERE threat_id = ? ORDER BY seq DESC ${limitBy('?')}`),
    decisions: db.prepare('SELECT * FROM threat_decisions ORDER BY seq'),
  };
}

function prepareWriteStatements(db: Connection) {
  return {
    lastAssessmentSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM threat_assessments WHERE threat_id = ?').pluck(),
    lastDecisionSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM threat_decisions').pluck(),
    maxArrival: db.prepare('SELECT coalesce(max(arrival), 0) FROM threat_members').pluck(),
    putThreat: db.prepare(`INSERT INTO threats (id, status, merged_into, name, created_at, updated_at, report_count, band_rank,
        score_key, summary, signature, next_check, stix_version)
      VALUES (@id, @status, @merged_into, @name, @created_at, @updated_at, @report_count, @band_rank, @score_key, @summary,
        @signature, @next_check, @stix_version)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, merged_into = excluded.merged_into, name = excluded.name,
        created_at = excluded.created_at, updated_at = excluded.updated_at, report_count = excluded.report_count,
        band_rank = excluded.band_rank, score_key = excluded.score_key, summary = excluded.summary,
        signature = excluded.signature, next_check = excluded.next_check, stix_version = excluded.stix_version`),
    putMember: db.prepare(`INSERT INTO threat_members (report_id, threat_id, arrival, title, facts, markings, suppressed, reason, added_at)
      VALUES (@report_id, @threat_id, @arrival, @title, @facts, @markings, @suppressed, @reason, @added_at)
      ON CONFLICT (report_id) DO UPDATE SET threat_id = excluded.threat_id, title = excluded.title, facts = excluded.facts,
        markings = excluded.markings, suppressed = excluded.suppressed, reason = excluded.reason, added_at = excluded.added_at`),
    removeMember: db.prepare('DELETE FROM threat_members WHERE report_id = ?'),
    addKeys: db.prepare(`INSERT INTO threat_keys (key, threat_id) SELECT value, ? FROM json_each(?) WHERE true
      ON CONFLICT (key, threat_id) DO NOTHING`),
    dropKeys: db.prepare('DELETE FROM threat_keys WHERE threat_id = ?'),
    dropLinks: db.prepare('DELETE FROM threat_links WHERE report_id = ?'),
    putLink: db.prepare(`INSERT INTO threat_links (report_id, against_id, threat_id, score, joinable, anchored, anchor, rejected, evidence, computed_at)
      VALUES (@report_id, @against_id, @threat_id, @score, @joinable, @anchored, @anchor, @rejected, @evidence, @computed_at)
      ON CONFLICT (report_id, against_id) DO UPDATE SET threat_id = excluded.threat_id, score = excluded.score,
        joinable = excluded.joinable, anchored = excluded.anchored, anchor = excluded.anchor, rejected = excluded.rejected,
        evidence = excluded.evidence, computed_at = excluded.computed_at`),
    retargetLinks: db.prepare('UPDATE threat_links SET threat_id = ? WHERE threat_id = ?'),
    setLinkRejected: db.prepare('UPDATE threat_links SET rejected = ? WHERE report_id = ? AND threat_id = ?'),
    appendAssessment: db.prepare(`INSERT INTO threat_assessments (threat_id, seq, assessed_at, trigger, signature, summary, assessment)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    appendDecision: db.prepare('INSERT INTO threat_decisions (seq, decided_at, actor, decision, note) VALUES (?, ?, ?, ?, ?)'),
  };
}

interface WriteUnits {
  readonly s: WriteStatements;
  readonly putThreat: (threat: ThreatRecord) => void;
  readonly putMembers: (members: readonly ThreatMember[]) => void;
  readonly removeMembers: (reportIds: readonly string[]) => void;
  readonly replaceKeys: (threatId: string, keys: readonly string[]) => void;
  readonly replaceLinks: (reportId: string, links: readonly ThreatLink[]) => void;
  readonly appendAssessment: (record: Omit<AssessmentRecord, 'seq'>) => number;
  readonly appendDecision: (record: Omit<DecisionRecord, 'seq'>) => number;
}

/** Multi-statement writes as savepoints: all of one call or none of it. */
function prepareWriteUnits(db: Connection): WriteUnits {
  const s = prepareWriteStatements(db);
  return {
    s,
    putThreat: db.transaction((threat: ThreatRecord) => {
      s.putThreat.run(threatParams(threat));
      if (threat.status !== 'active') s.dropKeys.run(threat.id);
    }),
    putMembers: db.transaction((members: readonly ThreatMember[]) => {
      let arrival = s.maxArrival.get() as number;
      for (const m of members) {
        arrival += 1;
        s.putMember.run({
          report_id: m.reportId,
          threat_id: m.threatId,
          arrival,
          title: m.title,
          facts: JSON.stringify(m.facts),
          markings: JSON.stringify(m.markings),
          suppressed: JSON.stringify(m.suppressed),
          reason: m.reason,
          added_at: m.addedAt,
        });
      }
    }),
    removeMembers: db.transaction((reportIds: readonly string[]) => {
      for (const id of reportIds) s.removeMember.run(id);
    }),
    replaceKeys: db.transaction((threatId: string, keys: readonly string[]) => {
      s.dropKeys.run(threatId);
      if (keys.length > 0) s.addKeys.run(threatId, JSON.stringify(keys));
    }),
    replaceLinks: db.transaction((reportId: string, links: readonly ThreatLink[]) => {
      s.dropLinks.run(reportId);
      for (const l of links) {
        s.putLink.run({
          report_id: reportId,
          against_id: l.againstId,
          threat_id: l.threatId,
          score: l.score,
          joinable: l.joinable ? 1 : 0,
          anchored: l.anchored ? 1 : 0,
          anchor: l.anchor,
          rejected: l.rejected ? 1 : 0,
          evidence: JSON.stringify(l.evidence),
          computed_at: l.computedAt,
        });
      }
    }),
    appendAssessment: db.transaction((r: Omit<AssessmentRecord, 'seq'>) => {
      const seq = (s.lastAssessmentSeq.get(r.threatId) as number) + 1;
      s.appendAssessment.run(r.threatId, seq, r.assessedAt, r.trigger, r.signature, JSON.stringify(r.summary), JSON.stringify(r.assessment));
      return seq;
    }),
    appendDecision: db.transaction((r: Omit<DecisionRecord, 'seq'>) => {
      const seq = (s.lastDecisionSeq.get() as number) + 1;
      s.appendDecision.run(seq, r.decidedAt, r.actor, JSON.stringify(r.decision), r.note);
      return seq;
    }),
  };
}

class SqliteThreatsReads implements ThreatsReads {
  constructor(
    protected readonly s: Statements,
    protected readonly guard: Guard,
  ) {}

  async get(id: string): Promise<ThreatRecord | null> {
    this.guard();
    const row = this.s.get.get(id) as ThreatRow | undefined;
    return row === undefined ? null : toThreat(row);
  }

  async list(query: ThreatListQuery): Promise<Page<ThreatRecord>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const status = query.status ?? 'active';
    let rows: ThreatRow[];
    if (query.cursor === undefined) {
      rows = this.s.listFirst.all(status, limit + 1) as ThreatRow[];
    } else {
      const [band, score, id] = decodeCursor(LIST_CURSOR, query.cursor, ['integer', 'integer', 'string'] as const);
      rows = this.s.listAfter.all(status, band, band, score, score, id, limit + 1) as ThreatRow[];
    }
    const items = rows.slice(0, limit).map(toThreat);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.band_rank, last.score_key, last.id]) };
  }

  async allIds(): Promise<readonly string[]> {
    this.guard();
    return this.s.allIds.all() as string[];
  }

  async activeIds(): Promise<readonly string[]> {
    this.guard();
    return this.s.activeIds.all() as string[];
  }

  async due(now: string, limit: number): Promise<readonly string[]> {
    this.guard();
    return this.s.due.all(now, limit) as string[];
  }

  async threatOf(reportId: string): Promise<string | null> {
    this.guard();
    return (this.s.threatOf.get(reportId) as string | undefined) ?? null;
  }

  async member(reportId: string): Promise<ThreatMember | null> {
    this.guard();
    const row = this.s.member.get(reportId) as MemberRow | undefined;
    return row === undefined ? null : toMember(row);
  }

  async members(threatIds: readonly string[]): Promise<readonly ThreatMember[]> {
    this.guard();
    if (threatIds.length === 0) return [];
    return (this.s.members.all(JSON.stringify(threatIds)) as MemberRow[]).map(toMember);
  }

  async postingCounts(keys: readonly string[]): Promise<ReadonlyMap<string, number>> {
    this.guard();
    if (keys.length === 0) return new Map();
    const rows = this.s.postingCounts.all(JSON.stringify(keys)) as { key: string; n: number }[];
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  async threatsWithKeys(keys: readonly string[], query: { readonly minShared: number; readonly limit: number }): Promise<readonly string[]> {
    this.guard();
    if (keys.length === 0 || query.limit <= 0) return [];
    return this.s.threatsWithKeys.all(JSON.stringify(keys), Math.max(1, query.minShared), query.limit) as string[];
  }

  async keysOf(threatId: string): Promise<readonly string[]> {
    this.guard();
    return this.s.keysOf.all(threatId) as string[];
  }

  async linksOfReports(reportIds: readonly string[]): Promise<readonly ThreatLink[]> {
    this.guard();
    if (reportIds.length === 0) return [];
    return (this.s.linksOfReports.all(JSON.stringify(reportIds)) as LinkRow[]).map(toLink);
  }

  async linksToThreat(threatId: string): Promise<readonly ThreatLink[]> {
    this.guard();
    return (this.s.linksToThreat.all(threatId) as LinkRow[]).map(toLink);
  }

  async assessments(threatId: string, limit: number): Promise<readonly AssessmentRecord[]> {
    this.guard();
    return (this.s.assessments.all(threatId, Math.max(0, Math.floor(limit))) as AssessmentRow[]).map((r) => ({
      threatId: r.threat_id,
      seq: r.seq,
      assessedAt: r.assessed_at,
      trigger: r.trigger,
      signature: r.signature,
      summary: JSON.parse(r.summary) as ThreatSummary,
      assessment: JSON.parse(r.assessment) as AssessmentRecord['assessment'],
    }));
  }

  async decisions(): Promise<readonly DecisionRecord[]> {
    this.guard();
    return (this.s.decisions.all() as DecisionRow[]).map((r) => ({
      seq: r.seq,
      decidedAt: r.decided_at,
      actor: r.actor,
      decision: JSON.parse(r.decision) as DecisionRecord['decision'],
      note: r.note,
    }));
  }
}

class SqliteThreatsWrites extends SqliteThreatsReads implements ThreatsWrites {
  private readonly w: WriteStatements;

  constructor(s: Statements, guard: Guard, private readonly units: WriteUnits) {
    super(s, guard);
    this.w = units.s;
  }

  async putThreat(threat: ThreatRecord): Promise<void> {
    this.guard();
    this.units.putThreat(threat);
  }

  async putMembers(members: readonly ThreatMember[]): Promise<void> {
    this.guard();
    if (members.length > 0) this.units.putMembers(members);
  }

  async removeMembers(reportIds: readonly string[]): Promise<void> {
    this.guard();
    if (reportIds.length > 0) this.units.removeMembers(reportIds);
  }

  async addKeys(threatId: string, keys: readonly string[]): Promise<void> {
    this.guard();
    if (keys.length > 0) this.w.addKeys.run(threatId, JSON.stringify(keys));
  }

  async replaceKeys(threatId: string, keys: readonly string[]): Promise<void> {
    this.guard();
    this.units.replaceKeys(threatId, keys);
  }

  async replaceLinks(reportId: string, links: readonly ThreatLink[]): Promise<void> {
    this.guard();
    this.units.replaceLinks(reportId, links);
  }

  async retargetLinks(from: string, to: string): Promise<number> {
    this.guard();
    return this.w.retargetLinks.run(to, from).changes;
  }

  async setLinkRejected(reportId: string, threatId: string, rejected: boolean): Promise<number> {
    this.guard();
    return this.w.setLinkRejected.run(rejected ? 1 : 0, reportId, threatId).changes;
  }

  async appendAssessment(record: Omit<AssessmentRecord, 'seq'>): Promise<number> {
    this.guard();
    return this.units.appendAssessment(record);
  }

  async appendDecision(record: Omit<DecisionRecord, 'seq'>): Promise<number> {
    this.guard();
    return this.units.appendDecision(record);
  }
}

export const threatsFacet: SqliteFacet<ThreatsReads, ThreatsWrites> = {
  name: 'threats',
  migrations: MIGRATIONS,
  prepare(db: Connection) {
    const s = prepareReadStatements(db);
    // Write statements are prepared on first use: a read-only connection never gets there.
    let units: WriteUnits | null = null;
    return {
      reads: (guard) => new SqliteThreatsReads(s, guard),
      writes: (guard) => new SqliteThreatsWrites(s, guard, (units ??= prepareWriteUnits(db))),
    };
  },
};

function threatParams(t: ThreatRecord): Record<string, string | number | null> {
  return {
    id: t.id,
    status: t.status,
    merged_into: t.mergedInto,
    name: t.name,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    report_count: t.reportCount,
    band_rank: t.summary === null ? NO_BAND : Number(t.summary.priority.band.slice(1)),
    // Priority scores have two decimals (domain/assessment/priority.ts): integer keys sort exactly.
    score_key: t.summary === null ? 0 : Math.round(t.summary.priority.score * 100),
    summary: t.summary === null ? null : JSON.stringify(t.summary),
    signature: t.signature,
    next_check: t.nextCheckAt,
    stix_version: t.stixVersion,
  };
}

function toThreat(r: ThreatRow): ThreatRecord {
  return {
    id: r.id,
    status: r.status,
    mergedInto: r.merged_into,
    name: r.name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    reportCount: r.report_count,
    summary: r.summary === null ? null : (JSON.parse(r.summary) as ThreatSummary),
    signature: r.signature,
    nextCheckAt: r.next_check,
    stixVersion: r.stix_version,
  };
}

function toMember(r: MemberRow): ThreatMember {
  return {
    reportId: r.report_id,
    threatId: r.threat_id,
    title: r.title,
    facts: JSON.parse(r.facts) as ThreatMember['facts'],
    markings: JSON.parse(r.markings) as string[],
    suppressed: JSON.parse(r.suppressed) as ThreatMember['suppressed'],
    reason: r.reason,
    addedAt: r.added_at,
  };
}

function toLink(r: LinkRow): ThreatLink {
  return {
    reportId: r.report_id,
    againstId: r.against_id,
    threatId: r.threat_id,
    score: r.score,
    joinable: r.joinable === 1,
    anchored: r.anchored === 1,
    anchor: r.anchor,
    rejected: r.rejected === 1,
    evidence: JSON.parse(r.evidence) as ThreatLink['evidence'],
    computedAt: r.computed_at,
  };
}
