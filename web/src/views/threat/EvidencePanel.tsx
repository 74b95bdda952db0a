// Every link fusion computed between a report and this threat, strongest first, with the
// evidence behind it: the rule, the matched values, the weight and the reports on the
// threat's side that carry them. Suggested links (reports that sit in another threat) can be
// accepted here (pin); any link can be rejected.
import { useState } from 'react';
import type { EvidenceJson, ThreatDetailJson, ThreatLinkJson } from '../../../../src/http/wire.ts';
import { formatTimestamp } from '../../format.ts';
import { ruleLabel } from '../../threatDisplay.ts';
import { DecisionConfirm, type PendingDecision } from './DecisionConfirm.tsx';

export interface EvidencePanelProps {
  readonly threat: ThreatDetailJson;
  readonly decides: boolean;
  readonly onDecided: () => void;
}

export function EvidencePanel({ threat, decides, onDecided }: EvidencePanelProps) {
  const [pending, setPending] = useState<PendingDecision | undefined>();
  const titleOf = new Map(threat.reports.map((r) => [r.id, r.title]));
  const name = (link: ThreatLinkJson): string => link.reportTitle ?? titleOf.get(link.reportId) ?? link.reportId;

  return (
    <div className="card panel" data-testid="threat-evidence">
      <div className="panel-head">
        <h2 className="panel-title">Links and evidence</h2>
        <span className="muted small">A link is joinable when its evidence adds up to the fusion threshold; its anchor is the strongest fact it rests on.</span>
      </div>
      {pending === undefined ? null : (
        <DecisionConfirm
          threatId={threat.id}
          pending={pending}
          onCancel={() => setPending(undefined)}
          onDone={() => {
            setPending(undefined);
            onDecided();
          }}
        />
      )}
      {threat.links.length === 0 ? <p className="empty">No links: this threat holds one report and nothing else was compared with it.</p> : null}
      <ol className="links">
        {threat.links.map((link) => (
          <li key={`${link.reportId}|${link.againstId}`} className={`link${link.rejected ? ' link-rejected' : ''}`}>
            <div className="link-head">
              <span className={`score ${link.joinable ? 'score-join' : 'score-weak'}`} title={`Link score ${link.score}`}>
                {link.score.toFixed(2)}
              </span>
              <span className="link-title">
                <strong>{name(link)}</strong>
                <span className="threat-meta">
                  {link.member ? 'in this threat' : 'suggested: the report is in another threat'} · {link.joinable ? 'joinable' : 'below the threshold'} · {link.anchor}
                  {link.rejected ? ' · rejected by an analyst' : ''} · computed {formatTimestamp(link.computedAt)}
                </span>
              </span>
              {decides ? (
                <span className="row-actions">
                  {!link.member || link.rejected ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() =>
                        setPending({ kind: 'pin', question: `Put “${name(link)}” in this threat?`, effect: 'The report moves here and stays here whatever the rules say later.', body: { reportId: link.reportId } })
                      }
                    >
                      Accept link
                    </button>
                  ) : null}
                  {link.rejected ? null : (
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() =>
                        setPending({ kind: 'reject', question: `Reject the link from “${name(link)}”?`, effect: 'The report does not belong to this threat; if it is in it, it leaves and is placed again by the rules.', body: { reportId: link.reportId } })
                      }
                    >
                      Reject link
                    </button>
                  )}
                </span>
              ) : null}
            </div>
            <EvidenceTable evidence={link.evidence} titleOf={titleOf} />
          </li>
        ))}
      </ol>
    </div>
  );
}

export function EvidenceTable({ evidence, titleOf }: { readonly evidence: readonly EvidenceJson[]; readonly titleOf: ReadonlyMap<string, string> }) {
  if (evidence.length === 0) return <p className="muted small">No evidence recorded.</p>;
  return (
    <table className="table evidence-table">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Matched values</th>
          <th scope="col">Weight</th>
          <th scope="col">Matched in</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, index) => (
          <tr key={`${e.rule}-${index}`}>
            <td className="nowrap">
              <span className={`rule rule-${e.rule}`}>{ruleLabel(e.rule)}</span>
            </td>
            <td>{e.values.join('; ')}</td>
            <td className={`nowrap ${e.weight < 0 ? 'weight-negative' : ''}`}>{e.weight > 0 ? `+${e.weight}` : e.weight}</td>
            <td className="small">{e.reportIds.map((id) => titleOf.get(id) ?? id).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
