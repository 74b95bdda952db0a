// ReportFacts from a STIX `report` and the objects it references (issue 6). The application
// loads the report, its `object_refs`, the endpoints of referenced relationships and the
// source identity into `referenced`; this function only reads them.
//
// Where each fact comes from:
//   actors       intrusion-set, threat-actor; an identity a relationship names as the actor
//   places       location
//   methods      attack-pattern, tool
//   targets      identity (not the report's source), incl. `targets` relationship endpoints
//   observables  SCOs, observed-data refs, indicator patterns (equality tests)
//   window       `x_tearline_window {start, end}` on the report, else the narrowest
//                start_time/stop_time of a referenced relationship (`targets` etc.)
//   cites        referenced `report` objects and ids, and `x_tearline_cites`
//   grades       explicit `grades`, else the report's `x_tearline_credibility` or `confidence`
//                (DOMAIN.md §3 mapping) and the source identity's `x_tearline_reliability`
import type { StixObject } from '../stix/object.ts';
import { credibilityFromConfidence, isCredibility, isReliability } from '../assessment/admiralty.ts';
import type { ActorFact, Credibility, MethodFact, ObservableFact, PlaceFact, Reliability, ReportFacts, TargetFact, TimeWindow } from './facts.ts';
import { patternObservables } from './patternValues.ts';
import { actorFact, methodFact, placeFact, scoObservables, strings, targetFact, text } from './stixFacts.ts';

export interface SourceGrades {
  readonly reliability?: Reliability;
  readonly credibility?: Credibility;
  readonly automatic?: boolean;
  readonly analystConfirmed?: boolean;
}

export type ReportFactsResult =
  | { readonly ok: true; readonly facts: ReportFacts; readonly unresolvedRefs: readonly string[] }
  | { readonly ok: false; readonly error: { readonly code: 'not-a-report'; readonly message: string } };

const ACTOR_TYPES = new Set(['intrusion-set', 'threat-actor']);
const METHOD_TYPES = new Set(['attack-pattern', 'tool']);
const SCO_TYPES = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'mac-addr', 'file', 'user-account', 'autonomous-system', 'phone-number', 'x-tearline-phone', 'cryptocurrency-wallet', 'x-tearline-vehicle-plate']);
const ACTOR_SIDE = new Set(['targets', 'uses']);

export function reportFactsFrom(report: StixObject, referenced: ReadonlyMap<string, StixObject>, sourceGrades: SourceGrades = {}): ReportFactsResult {
  if (report.type !== 'report') {
    return { ok: false, error: { code: 'not-a-report', message: `expected a report, got ${report.type}` } };
  }
  const sourceId = text(report.created_by_ref) ?? null;
  const unresolvedRefs: string[] = [];
  const cites = new Set(strings(report.x_tearline_cites));
  const objects = new Map<string, StixObject>();
  for (const ref of strings(report.object_refs)) {
    const object = referenced.get(ref);
    if (object === undefined) {
      if (ref.startsWith('report--')) cites.add(ref);
      else unresolvedRefs.push(ref);
      continue;
    }
    objects.set(ref, object);
  }
  // Relationships bring their endpoints and say who acts on whom.
  const actorIds = new Set<string>();
  const windows: TimeWindow[] = [];
  for (const rel of [...objects.values()].filter((o) => o.type === 'relationship')) {
    const source = text(rel.source_ref);
    const target = text(rel.target_ref);
    for (const end of [source, target]) {
      const object = end === undefined ? undefined : referenced.get(end);
      if (object !== undefined && !objects.has(object.id)) objects.set(object.id, object);
    }
    if (source !== undefined && ACTOR_SIDE.has(String(rel.relationship_type))) actorIds.add(source);
    if (target !== undefined && rel.relationship_type === 'attributed-to') actorIds.add(target);
    const start = text(rel.start_time);
    if (start !== undefined) windows.push({ start, end: text(rel.stop_time) ?? start });
  }
  // observed-data points at the SCOs it saw.
  for (const data of [...objects.values()].filter((o) => o.type === 'observed-data')) {
    for (const ref of strings(data.object_refs)) {
      const object = referenced.get(ref);
      if (object !== undefined && !objects.has(ref)) objects.set(ref, object);
    }
  }

  const actors: ActorFact[] = [];
  const places: PlaceFact[] = [];
  const methods: MethodFact[] = [];
  const targets: TargetFact[] = [];
  const observables: ObservableFact[] = [];
  for (const object of objects.values()) {
    if (ACTOR_TYPES.has(object.type) || (object.type === 'identity' && actorIds.has(object.id))) {
      const actor = actorFact(object);
      if (actor !== null) actors.push(actor);
    } else if (object.type === 'identity') {
      if (object.id === sourceId) continue;
      const target = targetFact(object);
      if (target !== null) targets.push(target);
    } else if (object.type === 'location') {
      places.push(placeFact(object));
    } else if (METHOD_TYPES.has(object.type)) {
      methods.push(methodFact(object));
    } else if (object.type === 'indicator') {
      const pattern = text(object.pattern);
      if (pattern !== undefined && (object.pattern_type === undefined || object.pattern_type === 'stix')) observables.push(...patternObservables(pattern));
    } else if (object.type === 'report') {
      cites.add(object.id);
    } else if (SCO_TYPES.has(object.type) || (object.type.startsWith('x-') && object.value !== undefined)) {
      observables.push(...scoObservables(object));
    }
  }

  const identity = sourceId === null ? undefined : referenced.get(sourceId);
  const hintedReliability = identity?.x_tearline_reliability;
  const hintedCredibility = report.x_tearline_credibility;
  const facts: ReportFacts = {
    id: report.id,
    sourceId,
    reliability: sourceGrades.reliability ?? (isReliability(hintedReliability) ? hintedReliability : 'F'),
    credibility: sourceGrades.credibility ?? (isCredibility(hintedCredibility) ? hintedCredibility : credibilityFromConfidence(report.confidence)),
    published: text(report.published) ?? null,
    automatic: sourceGrades.automatic ?? report.x_tearline_automatic === true,
    analystConfirmed: sourceGrades.analystConfirmed ?? report.x_tearline_analyst_confirmed === true,
    actors,
    places,
    methods,
    targets,
    observables,
    window: reportWindow(report) ?? narrowest(windows),
    cites: [...cites].filter((id) => id !== report.id).sort(),
  };
  return { ok: true, facts, unresolvedRefs };
}

function reportWindow(report: StixObject): TimeWindow | null {
  const window = report.x_tearline_window;
  if (typeof window !== 'object' || window === null) return null;
  const { start, end } = window as { start?: unknown; end?: unknown };
  const s = text(start);
  if (s === undefined) return null;
  return { start: s, end: text(end) ?? s };
}

/** The most specific window the report's relationships give (DOMAIN.md §3 "when"). */
function narrowest(windows: readonly TimeWindow[]): TimeWindow | null {
  let best: TimeWindow | null = null;
  let bestLength = Infinity;
  for (const window of windows) {
    const length = Date.parse(window.end) - Date.parse(window.start);
    if (Number.isNaN(length) || length < 0) continue;
    if (length < bestLength) {
      best = window;
      bestLength = length;
    }
  }
  return best;
}
