// The threat as a graph (cytoscape): its reports in the middle, the actors and methods they
// name on the left, targets and places on the right, observables at the far right; report
// to report edges are fusion's links, labelled with the rules that matched. Selecting a node
// or an edge shows its evidence below. The same content is listed as text for screen readers.
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { ruleLabel } from '../../threatDisplay.ts';
import { EvidenceTable } from './EvidencePanel.tsx';
import { graphModel, graphPositions, KIND_LABEL, type GraphEdge, type GraphNode } from './graphModel.ts';

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'system-ui, sans-serif',
      'font-size': 12,
      color: '#18212d',
      'text-wrap': 'wrap',
      'text-max-width': '150px',
      'text-background-color': '#fbfcfd',
      'text-background-opacity': 0.85,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node[kind = "report"]', style: { shape: 'round-rectangle', width: 34, height: 24, 'background-color': '#1a5cb8' } },
  { selector: 'node[kind = "report"][?suggested]', style: { 'background-color': '#ffffff', 'border-color': '#1a5cb8', 'border-style': 'dashed' } },
  { selector: 'node[kind = "actor"]', style: { shape: 'ellipse', 'background-color': '#b3261e' } },
  { selector: 'node[kind = "method"]', style: { shape: 'hexagon', 'background-color': '#7a3fb0' } },
  { selector: 'node[kind = "target"]', style: { shape: 'diamond', 'background-color': '#c26a00' } },
  { selector: 'node[kind = "place"]', style: { shape: 'round-tag', 'background-color': '#16653a' } },
  { selector: 'node[kind = "observable"]', style: { shape: 'round-rectangle', width: 20, height: 14, 'background-color': '#6b7686', 'font-family': 'ui-monospace, monospace', 'font-size': 10 } },
  { selector: 'edge', style: { width: 1.2, 'line-color': '#b7c0cc', 'curve-style': 'bezier', 'target-arrow-shape': 'none' } },
  {
    selector: 'edge[kind = "evidence"]',
    style: {
      width: 2.5,
      'line-color': '#f59e0b',
      'line-style': 'dashed',
      'curve-style': 'unbundled-bezier',
      'control-point-distances': [70],
      'control-point-weights': [0.5],
      'font-size': 11,
      'text-background-color': '#fffbeb',
      'text-background-opacity': 1,
      'text-background-padding': '2px',
      color: '#8a5200',
    },
  },
  // The rules show on the link the analyst points at or selects: always on, they cover the report labels.
  { selector: 'edge[kind = "evidence"]:selected, edge[kind = "evidence"].hover', style: { label: 'data(label)', width: 3.5, 'line-color': '#d97706' } },
  { selector: ':selected', style: { 'overlay-color': '#4aa3f0', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
];

/** Cytoscape adds a <style> element unless one with this id exists; the page's CSP forbids it, and styles.css has the rule. */
function preventInlineStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id) !== null) return;
  const placeholder = document.createElement('template');
  placeholder.id = id;
  document.head.append(placeholder);
}

type Selection = { readonly kind: 'node'; readonly node: GraphNode } | { readonly kind: 'edge'; readonly edge: GraphEdge } | undefined;

export default function ThreatGraph({ threat }: { readonly threat: ThreatDetailJson }) {
  const container = useRef<HTMLDivElement>(null);
  const model = useMemo(() => graphModel(threat), [threat]);
  const [selection, setSelection] = useState<Selection>();
  const titleOf = useMemo(() => new Map(threat.reports.map((r) => [r.id, r.title])), [threat.reports]);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    preventInlineStylesheet();
    const place = graphPositions(model);
    const elements: ElementDefinition[] = [
      ...model.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, kind: n.kind, suggested: n.suggested === true }, position: place.get(n.id) ?? { x: 0, y: 0 } })),
      ...model.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label } })),
    ];
    const cy: Core = cytoscape({
      container: element,
      elements,
      style: STYLE,
      layout: { name: 'preset', fit: true, padding: 36 },
      minZoom: 0.3,
      maxZoom: 2.5,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      autoungrabify: false,
    });
    const byId = new Map<string, GraphNode>(model.nodes.map((n) => [n.id, n]));
    const edgeById = new Map<string, GraphEdge>(model.edges.map((e) => [e.id, e]));
    cy.on('tap', 'node', (event) => {
      const node = byId.get(String(event.target.id()));
      if (node !== undefined) setSelection({ kind: 'node', node });
    });
    cy.on('tap', 'edge', (event) => {
      const edge = edgeById.get(String(event.target.id()));
      if (edge !== undefined) setSelection({ kind: 'edge', edge });
    });
    cy.on('tap', (event) => {
      if (event.target === cy) setSelection(undefined);
    });
    cy.on('mouseover', 'edge', (event) => event.target.addClass('hover'));
    cy.on('mouseout', 'edge', (event) => event.target.removeClass('hover'));
    // The card settles after the first paint (fonts, the legend wrapping): fit again when it does.
    const resized = new ResizeObserver(() => {
      cy.resize();
      cy.fit(undefined, 36);
    });
    resized.observe(element);
    return () => {
      resized.disconnect();
      cy.destroy();
    };
  }, [model]);

  const evidenceEdges = model.edges.filter((e) => e.kind === 'evidence');
  return (
    <section className="card graph-card" aria-labelledby="graph-title" data-testid="threat-graph">
      <div className="panel-head">
        <h2 id="graph-title" className="panel-title">
          Actors, targets, methods, observables and reports
        </h2>
        <span className="muted small" data-testid="graph-counts">
          {model.nodes.length} nodes · {evidenceEdges.length} evidence {evidenceEdges.length === 1 ? 'link' : 'links'}
        </span>
      </div>
      <div className="graph-legend" aria-hidden="true">
        {(['report', 'actor', 'method', 'target', 'place', 'observable'] as const).map((kind) => (
          <span key={kind} className={`legend legend-${kind}`}>
            {KIND_LABEL[kind]}
          </span>
        ))}
        <span className="legend legend-evidence">fusion evidence</span>
      </div>
      <div ref={container} className="graph" role="img" aria-label={`Graph of ${model.nodes.length} facts and reports; the list below has the same content.`} />
      <div className="graph-selection" aria-live="polite">
        {selection === undefined ? <p className="muted small">Select a node, or a dashed evidence link between reports, to see what it rests on.</p> : null}
        {selection?.kind === 'node' ? (
          <div>
            <p>
              <strong>{KIND_LABEL[selection.node.kind]}:</strong> {selection.node.label} <span className="muted">· {selection.node.detail}</span>
            </p>
            {selection.node.kind === 'report' ? null : <p className="small">Named in: {selection.node.reportIds.map((id) => titleOf.get(id) ?? id).join('; ')}</p>}
          </div>
        ) : null}
        {selection?.kind === 'edge' && selection.edge.kind === 'evidence' ? (
          <div>
            <p>
              <strong>Link:</strong> {titleOf.get(selection.edge.source.slice(2)) ?? selection.edge.source.slice(2)} → {titleOf.get(selection.edge.target.slice(2)) ?? selection.edge.target.slice(2)}
              {selection.edge.score === undefined ? null : <span className="muted"> · score {selection.edge.score.toFixed(2)}</span>}
            </p>
            <EvidenceTable evidence={selection.edge.evidence} titleOf={titleOf} />
          </div>
        ) : null}
        {selection?.kind === 'edge' && selection.edge.kind === 'mentions' ? <p className="small">A report names this fact.</p> : null}
      </div>
      <details className="graph-text">
        <summary>The graph as a list</summary>
        <ul>
          {model.nodes.map((n) => (
            <li key={n.id}>
              {KIND_LABEL[n.kind]}: {n.label} ({n.detail})
            </li>
          ))}
          {evidenceEdges.map((e) => (
            <li key={e.id}>
              Evidence link {titleOf.get(e.source.slice(2)) ?? e.source} → {titleOf.get(e.target.slice(2)) ?? e.target}: {e.evidence.map((x) => `${ruleLabel(x.rule)} (${x.values.join('; ')})`).join(', ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
