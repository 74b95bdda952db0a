// Independence of reports (DOMAIN.md §3: "Grade 1 needs independent corroboration: track
// report origins"). Two reports share an origin when they come from the same source identity,
// when one cites the other, or when both cite the same report (even one we do not hold):
// transitively, so a chain of citations is one origin. Reports of an unknown source are each
// their own origin unless a citation ties them. Grouping is a partition (union-find): a
// report citing two independent ones ties all three together, which under-counts
// corroboration rather than over-counting it.
import type { ReportFacts } from './facts.ts';

export interface OriginGroup {
  /** Sorted report ids. */
  readonly reportIds: readonly string[];
  /** Sorted source identity ids seen in the group. */
  readonly sourceIds: readonly string[];
}

export function independentOrigins(reports: readonly ReportFacts[]): OriginGroup[] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== root) {
      const up = parent.get(root);
      if (up === undefined) {
        parent.set(root, root);
        break;
      }
      root = up;
    }
    // Path compression keeps long citation chains cheap.
    let walk = node;
    while (walk !== root) {
      const next = parent.get(walk) ?? root;
      parent.set(walk, root);
      walk = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  // Nodes are namespaced: a report id and a source id can never collide.
  for (const report of reports) {
    const node = `report:${report.id}`;
    find(node);
    if (report.sourceId !== null) union(node, `source:${report.sourceId}`);
    for (const cited of report.cites) union(node, `report:${cited}`);
  }
  const groups = new Map<string, { reportIds: Set<string>; sourceIds: Set<string> }>();
  for (const report of reports) {
    const root = find(`report:${report.id}`);
    const group = groups.get(root) ?? { reportIds: new Set<string>(), sourceIds: new Set<string>() };
    group.reportIds.add(report.id);
    if (report.sourceId !== null) group.sourceIds.add(report.sourceId);
    groups.set(root, group);
  }
  return [...groups.values()]
    .map((g) => ({ reportIds: [...g.reportIds].sort(), sourceIds: [...g.sourceIds].sort() }))
    .sort((a, b) => ((a.reportIds[0] ?? '') < (b.reportIds[0] ?? '') ? -1 : 1));
}
