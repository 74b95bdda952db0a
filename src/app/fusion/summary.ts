// What the application keeps of an assessment besides the whole of it: a summary for lists,
// a signature that says whether anything changed, the next moment the clock can change the
// result, and a name for the threat.
import { createHash } from 'node:crypto';
import type { Assessment } from '../../domain/assessment/index.ts';
import type { ReportFacts } from '../../domain/fusion/index.ts';
import type { ThreatSummary } from '../ports/threats.ts';

const HOUR_MS = 3_600_000;

export function summaryOf(a: Assessment): ThreatSummary {
  return {
    assessedAt: a.assessedAt,
    priority: { band: a.priority.band, score: a.priority.score },
    dutyToWarn: a.dutyToWarn.triggered,
    imminence: a.imminence.class,
    credibility: { grade: a.credibility.grade, confidence: a.credibility.confidence ?? null },
    specificity: { vector: a.specificity.vector, total: a.specificity.total },
    harm: a.harm.harm,
    severity: a.severity.level,
    window: a.inputs.window === null ? null : { start: a.inputs.window.start, end: a.inputs.window.end },
    sunset: a.imminence.sunset,
  };
}

/**
 * Everything the result depends on except the passing of time inside an imminence class:
 * "starts in 47.3 h" becoming "46.3 h" is not a new assessment; I2 becoming I1 is (issue 6:
 * a new row when new reporting arrives or the clock crosses a class boundary).
 */
export function signatureOf(a: Assessment): string {
  const stable = {
    inputs: a.inputs,
    credibility: [a.credibility.grade, a.credibility.confidence ?? null, a.credibility.agreeingOrigins, a.credibility.reports.map((r) => [r.reportId, r.reliability, r.effectiveCredibility])],
    specificity: a.specificity.vector,
    imminence: a.imminence.class,
    harm: a.harm.harm,
    severity: a.severity.level,
    trigger: a.dutyToWarn.reasons.map((r) => [r.code, r.met]),
    priority: [a.priority.band, a.priority.score],
  };
  return createHash('sha256').update(JSON.stringify(stable), 'utf8').digest('hex');
}

/**
 * When the clock next moves the threat to another imminence class (DOMAIN.md §1 classes,
 * domain/assessment/imminence.ts boundaries, inclusive): I3 -> I2 at start - 30 days,
 * I2 -> I1 at start - 72 h, I1 -> expired just after the end. Null without a window or once expired.
 */
export function nextCheckAt(a: Assessment): string | null {
  const window = a.inputs.window;
  if (window === null) return null;
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  switch (a.imminence.class) {
    case 'expired':
      return null;
    case 'I1':
      return new Date(end + 1).toISOString();
    case 'I2':
      return new Date(start - a.config.i1Hours * HOUR_MS).toISOString();
    case 'I3':
      return new Date(start - a.config.i2Days * 24 * HOUR_MS).toISOString();
  }
}

/** "Islamic State · Sayyida Zaynab shrine · Vehicle-borne improvised explosive device": who, where, how. */
export function threatName(reports: readonly ReportFacts[], titles: ReadonlyMap<string, string> = new Map()): string {
  const actor = mostNamed(reports.flatMap((r) => r.actors.map((a) => a.names[0] ?? '')));
  const placeRank = { site: 0, city: 1, unknown: 2, region: 3, country: 4 } as const;
  const places = reports.flatMap((r) => r.places).sort((a, b) => placeRank[a.kind] - placeRank[b.kind]);
  const bestRank = places[0] === undefined ? undefined : placeRank[places[0].kind];
  const place = mostNamed(places.filter((p) => placeRank[p.kind] === bestRank).map((p) => p.name));
  const methods = reports.flatMap((r) => r.methods);
  const method = mostNamed((methods.some((m) => m.kind !== 'generic') ? methods.filter((m) => m.kind !== 'generic') : methods).map((m) => m.name));
  const parts = [actor, place, method].filter((p): p is string => p !== undefined && p !== '');
  if (parts.length > 0) return parts.join(' · ');
  const first = reports[0];
  return first === undefined ? 'Empty threat' : (titles.get(first.id) ?? first.id);
}

/** The name given most often, the first such on ties. */
function mostNamed(names: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of names) if (name !== '') counts.set(name, (counts.get(name) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}
