// A threat as a STIX object (issue 6): a `grouping` (STIX 2.1 §4.4) whose object_refs are
// its reports and the actors, places, methods and targets fused from them, with our property
// extension x-tearline-threat (STIX 2.1 §7.3) carrying the members, the window and the
// assessment summary. Each change is a new version, so the threat is exported, versioned
// and can be released like any other object. A merged or emptied threat's last version is
// revoked (STIX 2.1 §3.6).
//
// Markings: the grouping carries every object marking of every report and of every object
// its facts came from. A release check then has to permit all of them, which is the most
// restrictive combination (DOMAIN.md §2 roll-up: highest classification, controls carry,
// REL TO lists intersect); nothing in the summary can leak past a portion's marking.
import type { ReportFacts } from '../../domain/fusion/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import type { ThreatStatus, ThreatSummary } from '../ports/threats.ts';

export const FUSION_IDENTITY_ID = 'identity--4fe3ad21-8ef5-4e6c-88f5-f166d9e97eec';
export const THREAT_EXTENSION_ID = 'extension-definition--5e409eb8-50eb-4b3a-b2a1-13990aeb1780';
const DEFINED = '2025-01-01T00:00:00.000Z';

export const FUSION_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: FUSION_IDENTITY_ID,
  created: DEFINED,
  modified: DEFINED,
  name: 'Tearline fusion',
  description: 'Groups reports into threats and assesses them. Its groupings are derived from the reports they reference.',
  identity_class: 'system',
};

export const THREAT_EXTENSION_DEFINITION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: THREAT_EXTENSION_ID,
  created_by_ref: FUSION_IDENTITY_ID,
  created: DEFINED,
  modified: DEFINED,
  name: 'x-tearline-threat',
  description:
    'A Tearline threat on a grouping: the reports fused into it, the actors, places, methods, targets and observables they name, the time window, and the current assessment (priority, duty-to-warn trigger, imminence, credibility, specificity).',
  // STIX 2.1 §7.3: the schema may be plain text.
  schema:
    'Property extension on grouping. status: "active" | "merged" | "retired"; merged_into: grouping id (when merged); ' +
    'members: {reports: [id], actors: [{id, name, kind}], places: [{id, name, kind}], methods: [{id, name, kind}], targets: [{id, name, role}], observables: [{type, value}]}; ' +
    'window: {start, end} (RFC 3339, absent when unknown); assessment: {assessed_at, priority, priority_score, duty_to_warn, imminence (I1|I2|I3|expired), ' +
    'credibility (1-6), confidence (0-100, absent for 6), specificity {who, target, when, how, victim, location: 0-2}, specificity_total, harm, severity (0-4), sunset}.',
  version: '1.0.0',
  extension_types: ['property-extension'],
};

export interface ThreatObjectInput {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  /** The new version's `modified`: strictly after the previous version's. */
  readonly modified: string;
  readonly status: ThreatStatus;
  readonly mergedInto: string | null;
  readonly reports: readonly ReportFacts[];
  readonly markings: readonly string[];
  readonly summary: ThreatSummary | null;
  /** object_refs of the previous version: a grouping needs at least one, even once emptied. */
  readonly previousRefs?: readonly string[];
}

export function threatGrouping(input: ThreatObjectInput): StixObject {
  const reports = [...input.reports].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const distinct = <T extends { id: string }>(items: readonly T[]): T[] => [...new Map(items.map((i) => [i.id, i])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const actors = distinct(reports.flatMap((r) => r.actors)).map((a) => ({ id: a.id, name: a.names[0] ?? a.id, kind: a.kind }));
  const places = distinct(reports.flatMap((r) => r.places)).map((p) => ({ id: p.id, name: p.name, kind: p.kind }));
  const methods = distinct(reports.flatMap((r) => r.methods)).map((m) => ({ id: m.id, name: m.name, kind: m.kind }));
  const targets = distinct(reports.flatMap((r) => r.targets)).map((t) => ({ id: t.id, name: t.name, role: t.role }));
  const observables = [...new Map(reports.flatMap((r) => r.observables).map((o) => [`${o.type}\u0000${o.value}`, { type: o.type, value: o.value }])).values()];
  const refs = [...new Set([...reports.map((r) => r.id), ...actors.map((a) => a.id), ...places.map((p) => p.id), ...methods.map((m) => m.id), ...targets.map((t) => t.id)])];
  const s = input.summary;
  const extension: Record<string, unknown> = {
    extension_type: 'property-extension',
    status: input.status,
    ...(input.mergedInto === null ? {} : { merged_into: input.mergedInto }),
    members: { reports: reports.map((r) => r.id), actors, places, methods, targets, observables },
    ...(s?.window == null ? {} : { window: { start: s.window.start, end: s.window.end } }),
    ...(s === null
      ? {}
      : {
          assessment: {
            assessed_at: s.assessedAt,
            priority: s.priority.band,
            priority_score: s.priority.score,
            duty_to_warn: s.dutyToWarn,
            imminence: s.imminence,
            credibility: s.credibility.grade,
            ...(s.credibility.confidence === null ? {} : { confidence: s.credibility.confidence }),
            specificity: s.specificity.vector,
            specificity_total: s.specificity.total,
            harm: s.harm,
            severity: s.severity,
            ...(s.sunset === null ? {} : { sunset: s.sunset }),
          },
        }),
  };
  const objectRefs = refs.length > 0 ? refs : [...(input.previousRefs ?? [])];
  return {
    type: 'grouping',
    spec_version: '2.1',
    id: input.id,
    created: input.createdAt,
    modified: input.modified,
    created_by_ref: FUSION_IDENTITY_ID,
    name: input.name,
    description: describe(input, reports.length),
    context: 'suspicious-activity',
    object_refs: objectRefs.length > 0 ? objectRefs : [FUSION_IDENTITY_ID],
    ...(s?.credibility.confidence == null ? {} : { confidence: s.credibility.confidence }),
    ...(input.status === 'active' ? {} : { revoked: true }),
    ...(input.markings.length > 0 ? { object_marking_refs: [...input.markings] } : {}),
    extensions: { [THREAT_EXTENSION_ID]: extension },
  };
}

function describe(input: ThreatObjectInput, reports: number): string {
  if (input.status === 'merged') return `Merged into ${input.mergedInto ?? 'another threat'}.`;
  if (input.status === 'retired') return 'No report is left in this threat.';
  const s = input.summary;
  const head = `Threat fused from ${reports} report${reports === 1 ? '' : 's'}.`;
  if (s === null) return head;
  return `${head} Priority ${s.priority.band} (${s.priority.score}); imminence ${s.imminence}; credibility ${s.credibility.grade}${s.dutyToWarn ? '; duty-to-warn candidate' : ''}.`;
}

/** A `modified` after `previous` (STIX 2.1 §3.2: a new version's modified is later), at `now` when possible. */
export function nextVersion(previous: string | null, now: string): string {
  if (previous === null) return now;
  const prev = Date.parse(previous);
  const at = Date.parse(now);
  return at > prev ? now : new Date(prev + 1).toISOString();
}
