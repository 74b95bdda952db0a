// The threat as a graph model (ThreatGraph.tsx draws it): one node per report and per named
// fact, report-to-fact edges, and report-to-report edges for fusion's links with the rules
// that matched. Pure, so it is tested without a browser (test/browser/display.test.ts).
import type { EvidenceJson, ThreatDetailJson } from '../../../../src/http/wire.ts';
import { describeGrade, ruleLabel } from '../../threatDisplay.ts';

export type NodeKind = 'report' | 'actor' | 'method' | 'target' | 'place' | 'observable';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly detail: string;
  readonly reportIds: readonly string[];
  readonly suggested?: boolean;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: 'mentions' | 'evidence';
  readonly label: string;
  readonly evidence: readonly EvidenceJson[];
  readonly score?: number;
}

export interface ThreatGraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const KIND_LABEL: Readonly<Record<NodeKind, string>> = {
  report: 'Report',
  actor: 'Actor',
  method: 'Method',
  target: 'Target',
  place: 'Place',
  observable: 'Observable',
};

/** The graph's nodes and edges from the threat detail; pure, so it can be reasoned about alone. */
export function graphModel(threat: ThreatDetailJson): ThreatGraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const reportNode = (id: string): string => `r:${id}`;
  for (const r of threat.reports) nodes.push({ id: reportNode(r.id), kind: 'report', label: `${shorten(r.title)} [${r.grade}]`, detail: `${describeGrade(r.grade)}. ${r.reason}`, reportIds: [r.id] });
  const facts: readonly (readonly [NodeKind, readonly { readonly key: string; readonly label: string; readonly detail: string; readonly reportIds: readonly string[] }[]])[] = [
    ['actor', threat.actors.map((a) => ({ key: a.id, label: a.names[0] ?? a.id, detail: `${a.kind}${a.names.length > 1 ? `, also known as ${a.names.slice(1).join(', ')}` : ''}`, reportIds: a.reportIds }))],
    ['method', threat.methods.map((m) => ({ key: m.id, label: m.name, detail: m.kind, reportIds: m.reportIds }))],
    ['target', threat.targets.map((t) => ({ key: t.id, label: t.name, detail: `${t.role}${t.specific ? ', specific' : ', a category'}`, reportIds: t.reportIds }))],
    ['place', threat.places.map((p) => ({ key: p.id, label: p.name, detail: `${p.kind}${p.lat === undefined || p.lon === undefined ? '' : ` at ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`}`, reportIds: p.reportIds }))],
    ['observable', threat.observables.map((o) => ({ key: `${o.type}:${o.value}`, label: o.value, detail: o.type, reportIds: o.reportIds }))],
  ];
  // Reports name the same actor or place separately (one fact per report); the graph draws
  // one node per name, so what reports share shows as shared nodes.
  for (const [kind, list] of facts) {
    const byName = new Map<string, GraphNode>();
    for (const fact of list) {
      const id = `${kind}:${fact.label.toLowerCase()}`;
      const seen = byName.get(id);
      byName.set(id, {
        id,
        kind,
        label: fact.label,
        detail: seen === undefined || seen.detail === fact.detail ? fact.detail : `${seen.detail}; ${fact.detail}`,
        reportIds: [...new Set([...(seen?.reportIds ?? []), ...fact.reportIds])],
      });
    }
    for (const node of byName.values()) {
      nodes.push(node);
      for (const reportId of node.reportIds) edges.push({ id: `${reportNode(reportId)}>${node.id}`, source: reportNode(reportId), target: node.id, kind: 'mentions', label: '', evidence: [] });
    }
  }
  // Fusion's links: one edge per pair of reports, with every rule that matched between them.
  const pairs = new Map<string, { source: string; target: string; evidence: EvidenceJson[]; score: number }>();
  const members = new Set(threat.reports.map((r) => r.id));
  for (const link of threat.links) {
    if (link.rejected) continue;
    if (!members.has(link.reportId) && !nodes.some((n) => n.id === reportNode(link.reportId))) {
      nodes.push({ id: reportNode(link.reportId), kind: 'report', label: link.reportTitle ?? link.reportId, detail: 'Suggested: this report sits in another threat.', reportIds: [link.reportId], suggested: true });
    }
    for (const e of link.evidence) {
      for (const other of e.reportIds) {
        if (other === link.reportId) continue;
        const key = `${link.reportId}>${other}`;
        const pair = pairs.get(key) ?? { source: reportNode(link.reportId), target: reportNode(other), evidence: [], score: link.score };
        pair.evidence.push(e);
        pairs.set(key, pair);
      }
    }
  }
  const present = new Set(nodes.map((n) => n.id));
  for (const [key, pair] of pairs) {
    if (!present.has(pair.source) || !present.has(pair.target)) continue;
    const rules = [...new Set(pair.evidence.map((e) => ruleLabel(e.rule).toLowerCase()))];
    edges.push({ id: `link:${key}`, source: pair.source, target: pair.target, kind: 'evidence', label: rules.join(', '), evidence: pair.evidence, score: pair.score });
  }
  return { nodes, edges };
}

/** Long report titles make unreadable nodes; the full title is in the selection panel and the list. */
function shorten(text: string, max = 38): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

const COLUMNS: Readonly<Record<NodeKind, number>> = { actor: 0, method: 0, report: 1, target: 2, place: 2, observable: 3 };
const COLUMN_X = [0, 230, 470, 680];
const ROW = 70;

/** Columns by kind, each centred vertically: the same threat always draws the same way. */
export function graphPositions(model: ThreatGraphModel): Map<string, { x: number; y: number }> {
  const columns: GraphNode[][] = [[], [], [], []];
  for (const node of model.nodes) columns[COLUMNS[node.kind]]?.push(node);
  const tallest = Math.max(...columns.map((c) => c.length), 1);
  const out = new Map<string, { x: number; y: number }>();
  columns.forEach((column, c) => {
    const offset = ((tallest - column.length) * ROW) / 2;
    column.forEach((node, i) => out.set(node.id, { x: COLUMN_X[c] ?? 0, y: offset + i * ROW }));
  });
  return out;
}
