// The threats facet on PostgreSQL (port: src/app/ports/threats.ts; SQLite:
// storage/sqlite/threats.ts, which this mirrors). Facts, evidence, summaries and assessments
// are JSON written by the application, kept as TEXT exactly as written (JSONB would refuse a
// \u0000 inside a report's text, and no query looks inside them): this adapter stores them
// and hands them back, it never interprets them. Key and id lists travel as one JSON array
// parameter, so a 1,000-key report is one statement, not a thousand.
//
// Multi-statement methods check nothing that can fail and run as one serial section of the
// write: a database error (a member naming a threat that does not exist: a caller's bug)
// dooms the whole write, so nothing partial commits. Numbering (arrival, assessment and
// decision seq) reads the current maximum inside the write, which holds the cluster-wide
// write lock.
import type { Page } from '../../app/ports.ts';
import type {
  AssessmentRecord, DecisionRecord, ThreatLink, ThreatListQuery, ThreatMember, ThreatRecord, ThreatStatus, ThreatSummary,
  ThreatsReads, ThreatsWrites,
} from '../../app/ports/threats.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { FacetMigration, Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { json, jsonColumns } from './bulk.ts';
import { lookup, requireAll, run } from './statement.ts';
import { storable } from './text.ts';

const MIGRATIONS: readonly FacetMigration[] = [
  {
    version: 1,
    name: 'threats, members, blocking keys, links, assessments, decisions',
    sql: `
      CREATE TABLE threats (
        id           text COLLATE "C" PRIMARY KEY,
        status       text NOT NULL CHECK (status IN ('active', 'merged', 'retired')),
        merged_into  text,
        name         text NOT NULL,
        created_at   text NOT NULL,
        updated_at   text NOT NULL,
        report_count integer NOT NULL,
        band_rank    integer NOT NULL,
        score_key    bigint NOT NULL,
        summary      text,
        signature    text,
        next_check   text COLLATE "C",
        stix_version text
      );
      CREATE INDEX threats_priority ON threats (status, band_rank, score_key DESC, id);
      CREATE INDEX threats_due ON threats (status, next_check);
      CREATE TABLE threat_members (
        report_id  text COLLATE "C" PRIMARY KEY,
        threat_id  text COLLATE "C" NOT NULL REFERENCES threats (id),
        arrival    bigint NOT NULL,
        title      text NOT NULL,
        facts      text NOT NULL,
        markings   text NOT NULL,
        suppressed text NOT NULL,
        reason     text NOT NULL,
        added_at   text NOT NULL
      );
      CREATE INDEX threat_members_threat ON threat_members (threat_id, arrival);
      CREATE TABLE threat_keys (
        key       text COLLATE "C" NOT NULL,
        threat_id text COLLATE "C" NOT NULL REFERENCES threats (id),
        PRIMARY KEY (key, threat_id)
      );
      CREATE INDEX threat_keys_threat ON threat_keys (threat_id);
      CREATE TABLE threat_links (
        report_id   text COLLATE "C" NOT NULL,
        against_id  text COLLATE "C" NOT NULL,
        threat_id   text COLLATE "C" NOT NULL,
        score       double precision NOT NULL,
        joinable    boolean NOT NULL,
        anchored    boolean NOT NULL,
        anchor      text NOT NULL,
        rejected    boolean NOT NULL,
        evidence    text NOT NULL,
        computed_at text NOT NULL,
        PRIMARY KEY (report_id, against_id)
      );
      CREATE INDEX threat_links_threat ON threat_links (threat_id);
      CREATE TABLE threat_assessments (
        threat_id   text COLLATE "C" NOT NULL REFERENCES threats (id),
        seq         integer NOT NULL,
        assessed_at text NOT NULL,
        trigger     text NOT NULL,
        signature   text NOT NULL,
        summary     text NOT NULL,
        assessment  text NOT NULL,
        PRIMARY KEY (threat_id, seq)
      );
      CREATE TABLE threat_decisions (
        seq        integer PRIMARY KEY,
        decided_at text NOT NULL,
        actor      text NOT NULL,
        decision   text NOT NULL,
        note       text
      );
    `,
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
  readonly joinable: boolean;
  readonly anchored: boolean;
  readonly anchor: string;
  readonly rejected: boolean;
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

const THREAT_COLUMNS = `id, status, merged_into, name, created_at, updated_at, report_count, band_rank, score_key, summary,
  signature, next_check, stix_version`;
const MEMBER_COLUMNS = 'report_id, threat_id, title, facts, markings, suppressed, reason, added_at';
const LINK_COLUMNS = 'report_id, against_id, threat_id, score, joinable, anchored, anchor, rejected, evidence, computed_at';
/** A list of keys or ids as one parameter: a JSON array. */
const list = (n: number): string => `(SELECT json_array_elements_text($${n}::json))`;

const Q = {
  get: { name: 'tl_threats_get', text: `SELECT ${THREAT_COLUMNS} FROM threats WHERE id = $1` },
  listFirst: {
    name: 'tl_threats_list_first',
    text: `SELECT ${THREAT_COLUMNS} FROM threats WHERE status = $1 ORDER BY band_rank, score_key DESC, id LIMIT $2`,
  },
  listAfter: {
    name: 'tl_threats_list_after',
    text: `SELECT ${THREAT_COLUMNS} FROM threats WHERE status = $1
      AND (band_rank > $2 OR (band_rank = $2 AND (score_key < $3 OR (score_key = $3 AND id > $4))))
      ORDER BY band_rank, score_key DESC, id LIMIT $5`,
  },
  allIds: { name: 'tl_threats_all_ids', text: 'SELECT id FROM threats ORDER BY id' },
  activeIds: { name: 'tl_threats_active_ids', text: "SELECT id FROM threats WHERE status = 'active' ORDER BY id" },
  due: {
    name: 'tl_threats_due',
    text: `SELECT id FROM threats WHERE status = 'active' AND next_check IS NOT NULL AND next_check <= $1
      ORDER BY next_check, id LIMIT $2`,
  },
  threatOf: { name: 'tl_threats_threat_of', text: 'SELECT threat_id FROM threat_members WHERE report_id = $1' },
  member: { name: 'tl_threats_member', text: `SELECT ${MEMBER_COLUMNS} FROM threat_members WHERE report_id = $1` },
  members: {
    name: 'tl_threats_members',
    text: `SELECT ${MEMBER_COLUMNS} FROM threat_members WHERE threat_id IN ${list(1)} ORDER BY threat_id, arrival`,
  },
  postingCounts: {
    name: 'tl_threats_posting_counts',
    text: `SELECT key, count(*)::int AS n FROM threat_keys WHERE key IN ${list(1)} GROUP BY key`,
  },
  threatsWithKeys: {
    name: 'tl_threats_with_keys',
    text: `SELECT threat_id FROM threat_keys WHERE key IN ${list(1)}
      GROUP BY threat_id HAVING count(*) >= $2 ORDER BY threat_id LIMIT $3`,
  },
  keysOf: { name: 'tl_threats_keys_of', text: 'SELECT key FROM threat_keys WHERE threat_id = $1 ORDER BY key' },
  linksOfReports: {
    name: 'tl_threats_links_of_reports',
    text: `SELECT ${LINK_COLUMNS} FROM threat_links WHERE report_id IN ${list(1)} ORDER BY report_id, score DESC, against_id`,
  },
  linksToThreat: {
    name: 'tl_threats_links_to_threat',
    text: `SELECT ${LINK_COLUMNS} FROM threat_links WHERE threat_id = $1 ORDER BY score DESC, report_id, against_id`,
  },
  assessments: {
    name: 'tl_threats_assessments',
    text: `SELECT threat_id, seq, assessed_at, trigger, signature, summary, assessment FROM threat_assessments
      WHERE threat_id = $1 ORDER BY seq DESC LIMIT $2`,
  },
  decisions: { name: 'tl_threats_decisions', text: 'SELECT seq, decided_at, actor, decision, note FROM threat_decisions ORDER BY seq' },

  lastAssessmentSeq: {
    name: 'tl_threats_last_assessment',
    text: 'SELECT coalesce(max(seq), 0) AS seq FROM threat_assessments WHERE threat_id = $1',
  },
  lastDecisionSeq: { name: 'tl_threats_last_decision', text: 'SELECT coalesce(max(seq), 0) AS seq FROM threat_decisions' },
  maxArrival: { name: 'tl_threats_max_arrival', text: 'SELECT coalesce(max(arrival), 0)::bigint AS arrival FROM threat_members' },
  putThreat: {
    name: 'tl_threats_put',
    text: `INSERT INTO threats (${THREAT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, merged_into = excluded.merged_into, name = excluded.name,
        created_at = excluded.created_at, updated_at = excluded.updated_at, report_count = excluded.report_count,
        band_rank = excluded.band_rank, score_key = excluded.score_key, summary = excluded.summary,
        signature = excluded.signature, next_check = excluded.next_check, stix_version = excluded.stix_version`,
  },
  // A report changing threat moves; its arrival stays the first one (as SQLite's upsert).
  putMembers: {
    name: 'tl_threats_put_members',
    text: `INSERT INTO threat_members (report_id, threat_id, arrival, title, facts, markings, suppressed, reason, added_at)
      SELECT report_id, threat_id, arrival::bigint, title, facts, markings, suppressed, reason, added_at
      FROM ${jsonColumns('u', ['report_id', 'threat_id', 'arrival', 'title', 'facts', 'markings', 'suppressed', 'reason', 'added_at'])}
      ON CONFLICT (report_id) DO UPDATE SET threat_id = excluded.threat_id, title = excluded.title, facts = excluded.facts,
        markings = excluded.markings, suppressed = excluded.suppressed, reason = excluded.reason, added_at = excluded.added_at`,
  },
  removeMembers: { name: 'tl_threats_remove_members', text: `DELETE FROM threat_members WHERE report_id IN ${list(1)}` },
  addKeys: {
    name: 'tl_threats_add_keys',
    text: `INSERT INTO threat_keys (key, threat_id) SELECT k, $1 FROM json_array_elements_text($2::json) AS k
      ON CONFLICT (key, threat_id) DO NOTHING`,
  },
  dropKeys: { name: 'tl_threats_drop_keys', text: 'DELETE FROM threat_keys WHERE threat_id = $1' },
  dropLinks: { name: 'tl_threats_drop_links', text: 'DELETE FROM threat_links WHERE report_id = $1' },
  putLinks: {
    name: 'tl_threats_put_links',
    text: `INSERT INTO threat_links (${LINK_COLUMNS})
      SELECT $1, against_id, threat_id, score::double precision, joinable::boolean, anchored::boolean, anchor, rejected::boolean,
        evidence, computed_at
      FROM ${jsonColumns('u', ['against_id', 'threat_id', 'score', 'joinable', 'anchored', 'anchor', 'rejected', 'evidence', 'computed_at'], { first: 2 })}`,
  },
  retargetLinks: { name: 'tl_threats_retarget_links', text: 'UPDATE threat_links SET threat_id = $1 WHERE threat_id = $2 RETURNING report_id' },
  setLinkRejected: {
    name: 'tl_threats_set_link_rejected',
    text: 'UPDATE threat_links SET rejected = $1 WHERE report_id = $2 AND threat_id = $3 RETURNING report_id',
  },
  appendAssessment: {
    name: 'tl_threats_append_assessment',
    text: `INSERT INTO threat_assessments (threat_id, seq, assessed_at, trigger, signature, summary, assessment)
      VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  },
  appendDecision: {
    name: 'tl_threats_append_decision',
    text: 'INSERT INTO threat_decisions (seq, decided_at, actor, decision, note) VALUES ($1, $2, $3, $4, $5)',
  },
} as const;

/** A row count or limit PostgreSQL accepts as a bigint parameter. */
function count(n: number): number {
  return Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, Math.floor(n)));
}

class PgThreatsReads implements ThreatsReads {
  constructor(
    protected readonly sql: Sql,
    protected readonly guard: Guard,
  ) {}

  async get(id: string): Promise<ThreatRecord | null> {
    this.guard();
    const [row] = await lookup<ThreatRow>(this.sql, Q.get, [id]);
    return row === undefined ? null : toThreat(row);
  }

  async list(query: ThreatListQuery): Promise<Page<ThreatRecord>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const status = query.status ?? 'active';
    let rows: ThreatRow[];
    if (query.cursor === undefined) {
      rows = await lookup<ThreatRow>(this.sql, Q.listFirst, [status, limit + 1]);
    } else {
      const [band, score, id] = decodeCursor(LIST_CURSOR, query.cursor, ['integer', 'integer', 'string'] as const);
      rows = await lookup<ThreatRow>(this.sql, Q.listAfter, [status, Math.min(band, 2 ** 31 - 1), score, id, limit + 1]);
    }
    const items = rows.slice(0, limit).map(toThreat);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.band_rank, last.score_key, last.id]) };
  }

  async allIds(): Promise<readonly string[]> {
    this.guard();
    return (await run<{ id: string }>(this.sql, Q.allIds)).map((r) => r.id);
  }

  async activeIds(): Promise<readonly string[]> {
    this.guard();
    return (await run<{ id: string }>(this.sql, Q.activeIds)).map((r) => r.id);
  }

  async due(now: string, limit: number): Promise<readonly string[]> {
    this.guard();
    return (await lookup<{ id: string }>(this.sql, Q.due, [now, count(limit)])).map((r) => r.id);
  }

  async threatOf(reportId: string): Promise<string | null> {
    this.guard();
    const [row] = await lookup<{ threat_id: string }>(this.sql, Q.threatOf, [reportId]);
    return row?.threat_id ?? null;
  }

  async member(reportId: string): Promise<ThreatMember | null> {
    this.guard();
    const [row] = await lookup<MemberRow>(this.sql, Q.member, [reportId]);
    return row === undefined ? null : toMember(row);
  }

  async members(threatIds: readonly string[]): Promise<readonly ThreatMember[]> {
    this.guard();
    const ids = threatIds.filter(storable);
    if (ids.length === 0) return [];
    return (await run<MemberRow>(this.sql, Q.members, [json(ids)])).map(toMember);
  }

  async postingCounts(keys: readonly string[]): Promise<ReadonlyMap<string, number>> {
    this.guard();
    const wanted = keys.filter(storable);
    if (wanted.length === 0) return new Map();
    const rows = await run<{ key: string; n: number }>(this.sql, Q.postingCounts, [json(wanted)]);
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  async threatsWithKeys(keys: readonly string[], query: { readonly minShared: number; readonly limit: number }): Promise<readonly string[]> {
    this.guard();
    // Duplicates count once, as in SQLite's IN (...).
    const wanted = [...new Set(keys.filter(storable))];
    if (wanted.length === 0 || query.limit <= 0) return [];
    const rows = await run<{ threat_id: string }>(this.sql, Q.threatsWithKeys, [json(wanted), Math.max(1, count(query.minShared)), count(query.limit)]);
    return rows.map((r) => r.threat_id);
  }

  async keysOf(threatId: string): Promise<readonly string[]> {
    this.guard();
    return (await lookup<{ key: string }>(this.sql, Q.keysOf, [threatId])).map((r) => r.key);
  }

  async linksOfReports(reportIds: readonly string[]): Promise<readonly ThreatLink[]> {
    this.guard();
    const ids = reportIds.filter(storable);
    if (ids.length === 0) return [];
    return (await run<LinkRow>(this.sql, Q.linksOfReports, [json(ids)])).map(toLink);
  }

  async linksToThreat(threatId: string): Promise<readonly ThreatLink[]> {
    this.guard();
    return (await lookup<LinkRow>(this.sql, Q.linksToThreat, [threatId])).map(toLink);
  }

  async assessments(threatId: string, limit: number): Promise<readonly AssessmentRecord[]> {
    this.guard();
    return (await lookup<AssessmentRow>(this.sql, Q.assessments, [threatId, count(limit)])).map((r) => ({
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
    return (await run<DecisionRow>(this.sql, Q.decisions)).map((r) => ({
      seq: r.seq,
      decidedAt: r.decided_at,
      actor: r.actor,
      decision: JSON.parse(r.decision) as DecisionRecord['decision'],
      note: r.note,
    }));
  }
}

class PgThreatsWrites extends PgThreatsReads implements ThreatsWrites {
  constructor(private readonly tx: TxSql, guard: Guard) {
    super(tx, guard);
  }

  async putThreat(threat: ThreatRecord): Promise<void> {
    this.guard();
    requireAll('threat', [threat.id, threat.status, threat.mergedInto, threat.name, threat.createdAt, threat.updatedAt,
      threat.signature, threat.nextCheckAt, threat.stixVersion]);
    const p = threatParams(threat);
    await this.tx.serial(async () => {
      await run(this.tx, Q.putThreat, p);
      if (threat.status !== 'active') await run(this.tx, Q.dropKeys, [threat.id]);
    });
  }

  async putMembers(members: readonly ThreatMember[]): Promise<void> {
    this.guard();
    if (members.length === 0) return;
    for (const m of members) requireAll('threat member', [m.reportId, m.threatId, m.title, m.reason, m.addedAt]);
    await this.tx.serial(async () => {
      const [max] = await run<{ arrival: number }>(this.tx, Q.maxArrival);
      // One row per report: the last put of a report wins, at the arrival of its first.
      const rows = new Map<string, { arrival: number; member: ThreatMember }>();
      members.forEach((member, i) => {
        const arrival = rows.get(member.reportId)?.arrival ?? (max?.arrival ?? 0) + i + 1;
        rows.set(member.reportId, { arrival, member });
      });
      const all = [...rows.values()];
      await run(this.tx, Q.putMembers, [
        json(all.map((r) => r.member.reportId)),
        json(all.map((r) => r.member.threatId)),
        json(all.map((r) => r.arrival)),
        json(all.map((r) => r.member.title)),
        json(all.map((r) => JSON.stringify(r.member.facts))),
        json(all.map((r) => JSON.stringify(r.member.markings))),
        json(all.map((r) => JSON.stringify(r.member.suppressed))),
        json(all.map((r) => r.member.reason)),
        json(all.map((r) => r.member.addedAt)),
      ]);
    });
  }

  async removeMembers(reportIds: readonly string[]): Promise<void> {
    this.guard();
    const ids = reportIds.filter(storable);
    if (ids.length > 0) await run(this.tx, Q.removeMembers, [json(ids)]);
  }

  async addKeys(threatId: string, keys: readonly string[]): Promise<void> {
    this.guard();
    requireAll('threat key', [threatId, ...keys]);
    if (keys.length > 0) await run(this.tx, Q.addKeys, [threatId, json(keys)]);
  }

  async replaceKeys(threatId: string, keys: readonly string[]): Promise<void> {
    this.guard();
    requireAll('threat key', [threatId, ...keys]);
    await this.tx.serial(async () => {
      await run(this.tx, Q.dropKeys, [threatId]);
      if (keys.length > 0) await run(this.tx, Q.addKeys, [threatId, json(keys)]);
    });
  }

  async replaceLinks(reportId: string, links: readonly ThreatLink[]): Promise<void> {
    this.guard();
    requireAll('threat link', [reportId]);
    for (const l of links) requireAll('threat link', [l.againstId, l.threatId, l.anchor, l.computedAt]);
    // One row per threat compared with: the last one given wins (as SQLite's upsert).
    const rows = [...new Map(links.map((l) => [l.againstId, l])).values()];
    await this.tx.serial(async () => {
      await run(this.tx, Q.dropLinks, [reportId]);
      if (rows.length === 0) return;
      await run(this.tx, Q.putLinks, [
        reportId,
        json(rows.map((l) => l.againstId)),
        json(rows.map((l) => l.threatId)),
        json(rows.map((l) => l.score)),
        json(rows.map((l) => l.joinable)),
        json(rows.map((l) => l.anchored)),
        json(rows.map((l) => l.anchor)),
        json(rows.map((l) => l.rejected)),
        json(rows.map((l) => JSON.stringify(l.evidence))),
        json(rows.map((l) => l.computedAt)),
      ]);
    });
  }

  async retargetLinks(from: string, to: string): Promise<number> {
    this.guard();
    requireAll('threat id', [to]);
    return (await lookup(this.tx, Q.retargetLinks, [to, from])).length;
  }

  async setLinkRejected(reportId: string, threatId: string, rejected: boolean): Promise<number> {
    this.guard();
    return (await lookup(this.tx, Q.setLinkRejected, [rejected, reportId, threatId])).length;
  }

  async appendAssessment(r: Omit<AssessmentRecord, 'seq'>): Promise<number> {
    this.guard();
    requireAll('assessment', [r.threatId, r.assessedAt, r.trigger, r.signature]);
    return this.tx.serial(async () => {
      const [last] = await run<{ seq: number }>(this.tx, Q.lastAssessmentSeq, [r.threatId]);
      const seq = (last?.seq ?? 0) + 1;
      await run(this.tx, Q.appendAssessment, [r.threatId, seq, r.assessedAt, r.trigger, r.signature, JSON.stringify(r.summary), JSON.stringify(r.assessment)]);
      return seq;
    });
  }

  async appendDecision(r: Omit<DecisionRecord, 'seq'>): Promise<number> {
    this.guard();
    requireAll('decision', [r.decidedAt, r.actor, r.note]);
    return this.tx.serial(async () => {
      const [last] = await run<{ seq: number }>(this.tx, Q.lastDecisionSeq);
      const seq = (last?.seq ?? 0) + 1;
      await run(this.tx, Q.appendDecision, [seq, r.decidedAt, r.actor, JSON.stringify(r.decision), r.note]);
      return seq;
    });
  }
}

export const threatsFacet: PgFacet<ThreatsReads, ThreatsWrites> = {
  name: 'threats',
  migrations: MIGRATIONS,
  reads: (sql, guard) => new PgThreatsReads(sql, guard),
  writes: (tx, guard) => new PgThreatsWrites(tx, guard),
};

function threatParams(t: ThreatRecord): unknown[] {
  return [
    t.id,
    t.status,
    t.mergedInto,
    t.name,
    t.createdAt,
    t.updatedAt,
    t.reportCount,
    t.summary === null ? NO_BAND : Number(t.summary.priority.band.slice(1)),
    // Priority scores have two decimals (domain/assessment/priority.ts): integer keys sort exactly.
    t.summary === null ? 0 : Math.round(t.summary.priority.score * 100),
    t.summary === null ? null : JSON.stringify(t.summary),
    t.signature,
    t.nextCheckAt,
    t.stixVersion,
  ];
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
    joinable: r.joinable,
    anchored: r.anchored,
    anchor: r.anchor,
    rejected: r.rejected,
    evidence: JSON.parse(r.evidence) as ThreatLink['evidence'],
    computedAt: r.computed_at,
  };
}
