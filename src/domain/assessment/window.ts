// The threat's time window: the narrowest window any of its reports gives (the most specific
// statement wins; DOMAIN.md §3 "when"), earliest start on ties.
import type { ThreatFacts } from '../fusion/facts.ts';
import { toInterval, type Interval } from '../fusion/time.ts';

export interface ThreatWindow {
  readonly interval: Interval;
  readonly start: string;
  readonly end: string;
  readonly reportId: string;
}

export function threatWindow(threat: ThreatFacts): ThreatWindow | null {
  let best: ThreatWindow | null = null;
  for (const report of threat.reports) {
    if (report.window === null) continue;
    const interval = toInterval(report.window);
    if (interval === null) continue;
    const candidate = { interval, start: new Date(interval.start).toISOString(), end: new Date(interval.end).toISOString(), reportId: report.id };
    if (best === null || narrower(candidate, best)) best = candidate;
  }
  return best;
}

function narrower(a: ThreatWindow, b: ThreatWindow): boolean {
  const la = a.interval.end - a.interval.start;
  const lb = b.interval.end - b.interval.start;
  if (la !== lb) return la < lb;
  if (a.interval.start !== b.interval.start) return a.interval.start < b.interval.start;
  return a.reportId < b.reportId;
}
