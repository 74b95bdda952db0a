// The reports fused into the threat, in order of arrival, with their Admiralty grades (DOMAIN.md
// §3), why each is here and the shared values that made no link. Analysts confirm a report
// (pin: the rules never move it again), reject it (it does not belong here), or split some
// off into a new threat.
import { useState } from 'react';
import type { ThreatDetailJson, ThreatReportJson } from '../../../../src/http/wire.ts';
import { formatTimestamp } from '../../format.ts';
import { hrefFor } from '../../routing.ts';
import { describeGrade } from '../../threatDisplay.ts';
import { DecisionConfirm, type PendingDecision } from './DecisionConfirm.tsx';

export interface ReportsPanelProps {
  readonly threat: ThreatDetailJson;
  readonly decides: boolean;
  readonly onDecided: () => void;
}

export function ReportsPanel({ threat, decides, onDecided }: ReportsPanelProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingDecision | undefined>();
  const toggle = (id: string): void =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const canSplit = selected.size > 0 && selected.size < threat.reports.length;

  const pin = (report: ThreatReportJson): void =>
    setPending({
      kind: 'pin',
      question: `Confirm “${report.title}” as part of this threat?`,
      effect: report.automatic ? 'The automatic extraction counts as analyst-confirmed, and the report stays in this threat.' : 'The report stays in this threat whatever the rules say later.',
      body: { reportId: report.id },
    });
  const reject = (report: ThreatReportJson): void =>
    setPending({
      kind: 'reject',
      question: `Reject “${report.title}” from this threat?`,
      effect: 'The report leaves this threat and is placed again by the rules, which will never join it here again.',
      body: { reportId: report.id },
    });
  const split = (): void =>
    setPending({
      kind: 'split',
      question: `Split ${selected.size} ${selected.size === 1 ? 'report' : 'reports'} off into a new threat?`,
      effect: 'The selected reports leave this threat for a new one; both parts are pinned.',
      body: { reportIds: [...selected] },
    });

  return (
    <div className="card panel">
      <div className="panel-head">
        <h2 className="panel-title">Reports</h2>
        {decides ? (
          <div className="panel-actions">
            <span className="muted small">{selected.size === 0 ? 'Select reports to split them off.' : `${selected.size} selected`}</span>
            <button type="button" className="button" disabled={!canSplit} onClick={split}>
              Split off selected
            </button>
          </div>
        ) : null}
      </div>
      {pending === undefined ? null : (
        <DecisionConfirm
          threatId={threat.id}
          pending={pending}
          onCancel={() => setPending(undefined)}
          onDone={() => {
            setPending(undefined);
            setSelected(new Set());
            onDecided();
          }}
        />
      )}
      <table className="table reports-table" data-testid="threat-reports">
        <caption className="visually-hidden">Reports in this threat</caption>
        <thead>
          <tr>
            {decides ? <th scope="col"><span className="visually-hidden">Select</span></th> : null}
            <th scope="col">Report</th>
            <th scope="col">Source grade</th>
            <th scope="col">Published</th>
            <th scope="col">Why it is here</th>
            {decides ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {threat.reports.map((report) => (
            <tr key={report.id}>
              {decides ? (
                <td>
                  <input type="checkbox" aria-label={`Select ${report.title}`} checked={selected.has(report.id)} onChange={() => toggle(report.id)} />
                </td>
              ) : null}
              <td className="report-cell">
                <a className="object-link" href={hrefFor('objects', report.id)}>
                  {report.title}
                </a>
                <span className="object-line">
                  <span className="object-id">{report.id}</span>
                </span>
                {report.automatic ? <span className="tag tag-pending">automatic extraction, not confirmed</span> : null}
                {report.suppressed.length === 0 ? null : (
                  <span className="suppressed small muted">
                    Not linked on: {report.suppressed.map((s) => `${s.value} (${s.reason === 'cap' ? 'too common' : 'warning list'})`).join(', ')}
                  </span>
                )}
              </td>
              <td>
                <span className="admiralty" title={describeGrade(report.grade)}>
                  {report.grade}
                </span>
                <span className="threat-meta grade-text">{describeGrade(report.grade).replace(/^[A-F][1-6]: /, '')}</span>
              </td>
              <td className="nowrap">
                {report.published === null ? <span className="muted">—</span> : formatTimestamp(report.published).replace(' 00:00 UTC', '')}
                <span className="threat-meta">added {formatTimestamp(report.addedAt)}</span>
              </td>
              <td className="small reason-cell">{report.reason}</td>
              {decides ? (
                <td>
                  <div className="row-actions">
                  <button type="button" className="button button-small" onClick={() => pin(report)}>
                    {report.automatic ? 'Confirm' : 'Pin'}
                  </button>
                  <button type="button" className="button button-small button-danger" onClick={() => reject(report)}>
                    Reject
                  </button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
