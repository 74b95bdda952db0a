// A working set of threats with a blocking-key index, used while (re)fusing many reports.
// Local mutable state inside pure functions (fuseReport, refuse): callers only see values.
import { blockingKeys } from './blocking.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';
import type { WarningList } from './observables/warningList.ts';

export class ThreatSet {
  private readonly reports = new Map<string, ReportFacts[]>();
  private readonly index = new Map<string, Set<string>>();
  private readonly keysOfThreat = new Map<string, Set<string>>();
  private readonly snapshots = new Map<string, ThreatFacts>();

  constructor(private readonly warningList: WarningList) {}

  has(threatId: string): boolean {
    return this.reports.has(threatId);
  }

  threat(threatId: string): ThreatFacts | undefined {
    const reports = this.reports.get(threatId);
    if (reports === undefined) return undefined;
    // Snapshots keep object identity while a threat is unchanged, so cached profiles stay hot.
    let snapshot = this.snapshots.get(threatId);
    if (snapshot === undefined) {
      snapshot = { id: threatId, reports: [...reports] };
      this.snapshots.set(threatId, snapshot);
    }
    return snapshot;
  }

  ids(): string[] {
    return [...this.reports.keys()].sort();
  }

  add(threatId: string, report: ReportFacts): void {
    const list = this.reports.get(threatId) ?? [];
    const at = list.findIndex((r) => r.id === report.id);
    if (at >= 0) list[at] = report;
    else list.push(report);
    this.reports.set(threatId, list);
    this.snapshots.delete(threatId);
    const keys = this.keysOfThreat.get(threatId) ?? new Set<string>();
    for (const key of blockingKeys(report, this.warningList)) {
      keys.add(key);
      const posting = this.index.get(key) ?? new Set<string>();
      posting.add(threatId);
      this.index.set(key, posting);
    }
    this.keysOfThreat.set(threatId, keys);
  }

  /** Moves every report of `from` into `into` and forgets `from`. */
  merge(into: string, from: string): void {
    const moving = this.reports.get(from) ?? [];
    this.remove(from);
    for (const report of moving) this.add(into, report);
  }

  /** Threats sharing a blocking key with `facts`, sorted by id. */
  candidates(facts: ReportFacts | ThreatFacts): ThreatFacts[] {
    const found = new Set<string>();
    for (const key of blockingKeys(facts, this.warningList)) for (const id of this.index.get(key) ?? []) found.add(id);
    if ('reports' in facts) found.delete(facts.id);
    return [...found].sort().flatMap((id) => this.threat(id) ?? []);
  }

  /** How many threats hold each of the report's `obs:` keys: the counts the correlation cap needs. */
  observableCounts(report: ReportFacts): Map<string, number> {
    const counts = new Map<string, number>();
    for (const key of blockingKeys(report, this.warningList)) {
      if (key.startsWith('obs:')) counts.set(key, this.index.get(key)?.size ?? 0);
    }
    return counts;
  }

  all(): ThreatFacts[] {
    return this.ids().flatMap((id) => this.threat(id) ?? []);
  }

  private remove(threatId: string): void {
    for (const key of this.keysOfThreat.get(threatId) ?? []) {
      const posting = this.index.get(key);
      posting?.delete(threatId);
      if (posting?.size === 0) this.index.delete(key);
    }
    this.keysOfThreat.delete(threatId);
    this.reports.delete(threatId);
    this.snapshots.delete(threatId);
  }
}
