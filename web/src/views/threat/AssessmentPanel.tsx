// The current assessment (issue 6): every part with the reason it came out as it did, the
// duty-to-warn checks one by one (DOMAIN.md §1 trigger), how the priority score adds up, and
// the per-report grades behind the credibility (DOMAIN.md §3).
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { formatTimestamp } from '../../format.ts';
import { CREDIBILITY_LABEL, DIMENSION_LABEL, DIMENSIONS } from '../../threatDisplay.ts';

const PARTS = ['credibility', 'specificity', 'imminence', 'harm', 'severity', 'duty to warn', 'priority'] as const;

/** `credibility: …` -> part `credibility`; `specificity who = 2: …` -> part `specificity`. */
function partOf(line: string): string {
  return PARTS.find((part) => line.startsWith(part)) ?? 'other';
}

export function AssessmentPanel({ threat }: { readonly threat: ThreatDetailJson }) {
  const a = threat.assessment;
  if (a === null) {
    return (
      <div className="card panel">
        <p className="empty">This threat has not been assessed yet.</p>
      </div>
    );
  }
  const titleOf = new Map(threat.reports.map((r) => [r.id, r.title]));
  return (
    <div className="assessment-grid" data-testid="threat-assessment">
      <section className="card panel" aria-labelledby="dtw-title">
        <h2 id="dtw-title" className="panel-title">
          Duty to warn: {a.dutyToWarn.triggered ? 'triggered' : 'not triggered'}
        </h2>
        <ul className="checks">
          {a.dutyToWarn.reasons.map((check) => (
            <li key={check.code} className={check.met ? 'check-met' : 'check-unmet'}>
              <span className="check-mark" aria-hidden="true">
                {check.met ? '✓' : '✗'}
              </span>
              <span>
                <strong>{check.code}</strong> {check.met ? 'met' : 'not met'}: {check.detail}
              </span>
            </li>
          ))}
        </ul>
        {a.dutyToWarn.sunset === null ? null : <p className="hint">Sunset: a warning issued now lapses at {formatTimestamp(a.dutyToWarn.sunset)}.</p>}

        <h3 className="subhead">Priority {a.priority.band} · {a.priority.score} points</h3>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Share</th>
              <th scope="col">Weight</th>
              <th scope="col">Points</th>
            </tr>
          </thead>
          <tbody>
            {a.priority.components.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td>
                  <span className="meter" aria-hidden="true">
                    <span className={`meter-fill meter-${Math.round(c.share * 10)}`} />
                  </span>{' '}
                  {Math.round(c.share * 100)}%
                </td>
                <td>{c.weight}</td>
                <td>{c.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card panel" aria-labelledby="spec-title">
        <h2 id="spec-title" className="panel-title">
          Specificity {a.specificity.total} of 12
        </h2>
        <dl className="spec-reasons">
          {DIMENSIONS.map((d) => (
            <div key={d} className="spec-reason">
              <dt>
                <span className={`spec-cell spec-${a.specificity.vector[d]}`} aria-hidden="true">
                  {a.specificity.vector[d]}
                </span>
                {DIMENSION_LABEL[d]}
              </dt>
              <dd>{a.specificity.reasons[d]}</dd>
            </div>
          ))}
        </dl>
        <h3 className="subhead">
          Credibility {a.credibility.grade} ({CREDIBILITY_LABEL[a.credibility.grade]}){a.credibility.confidence === undefined ? '' : ` · confidence ${a.credibility.confidence}`}
        </h3>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Graded</th>
              <th scope="col">Counted</th>
            </tr>
          </thead>
          <tbody>
            {a.credibility.reports.map((r) => (
              <tr key={r.reportId}>
                <td>{titleOf.get(r.reportId) ?? r.reportId}</td>
                <td>
                  {r.reliability}
                  {r.credibility}
                </td>
                <td>
                  {r.effectiveCredibility}
                  {r.capped ? <span className="muted small"> (capped: automatic)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card panel explanation-card" aria-labelledby="why-title">
        <h2 id="why-title" className="panel-title">
          Why: the explanation, rule by rule
        </h2>
        <p className="hint">Assessed {formatTimestamp(a.assessedAt)}.</p>
        <ol className="explanation" data-testid="assessment-explanation">
          {a.explanation.map((line, index) => (
            <li key={index} className={`explain explain-${partOf(line).replace(/ /g, '-')}`}>
              <span className="explain-part">{partOf(line)}</span>
              <span className="explain-text">{line.slice(partOf(line).length).replace(/^[ :]+/, '')}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
