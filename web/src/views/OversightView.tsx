// Oversight (issue 7 "Time to warn"; DOMAIN.md §1: read-only, sees everything including
// waivers): for the cases whose first report arrived in a period, how long each stage of the
// duty to warn took (median and 90th percentile), deadline breaches, waivers by reason,
// deliveries by channel and acknowledgements, and every case's milestones.
import { useState, type FormEvent } from 'react';
import type { OversightReportJson, StageFiguresJson } from '../../../src/http/wire.ts';
import { fetchOversight } from '../api.ts';
import { FailureAlert } from '../components/Alert.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatCount, formatDuration, formatTimestamp } from '../format.ts';
import { hrefFor } from '../routing.ts';
import { useLoad } from '../useLoad.ts';
import { stateLabel } from './warning/states.ts';

const STAGE_LABEL: Readonly<Record<string, string>> = {
  reportToFlag: 'Report → flagged',
  reportToTrigger: 'Report → duty established',
  triggerToDecision: 'Duty → decision',
  decisionToApproval: 'Decision → release approved',
  approvalToDelivery: 'Approval → delivered',
  triggerToDelivery: 'Duty → delivered',
  reportToDelivery: 'Report → delivered',
  deliveryToAcknowledgement: 'Delivered → acknowledged',
};

export function OversightView() {
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [period, setPeriod] = useState({ from: '', to: '' });
  const report = useLoad((signal) => fetchOversight(period, signal), [period]);
  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setPeriod(draft);
  };
  return (
    <>
      <ViewHeader title="Oversight" description="How fast warnings went out, where deadlines were missed, and why duties were waived. Read-only; cases count in the period their first report arrived in." />
      <form className="card filters" onSubmit={apply} aria-label="Period">
        <div className="field">
          <label htmlFor="oversight-from">From (date)</label>
          <input id="oversight-from" type="date" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="oversight-to">Before (date)</label>
          <input id="oversight-to" type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </div>
        <div className="field-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
        </div>
      </form>
      {report.state === 'loading' ? <p className="muted loading">Loading the report…</p> : null}
      {report.state === 'error' ? <FailureAlert title="Could not load the oversight report" failure={report.error} /> : null}
      {report.state === 'ok' ? <OversightReport report={report.data} /> : null}
    </>
  );
}

function OversightReport({ report }: { readonly report: OversightReportJson }) {
  const stages = Object.entries(report.timeToWarn);
  const longest = Math.max(1, ...stages.map(([, f]) => f.p90Ms ?? 0));
  return (
    <div className="oversight" data-testid="oversight-report">
      <dl className="stats stats-wide">
        <Stat label="Cases" value={report.cases.total} />
        <Stat label="Deadline breaches" value={report.deadlineBreaches.total} tone={report.deadlineBreaches.total > 0 ? 'bad' : undefined} />
        <Stat label="Waivers proposed" value={report.waivers.proposed} />
        <Stat label="Deliveries" value={report.deliveries.total} tone="good" />
        <Stat label="Unacknowledged" value={report.acknowledgement.unacknowledged} tone={report.acknowledgement.unacknowledged > 0 ? 'bad' : undefined} />
      </dl>
      <div className="oversight-grid">
        <section className="card panel" aria-labelledby="ttw-title">
          <h2 id="ttw-title" className="panel-title">
            Time to warn
          </h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Cases</th>
                <th scope="col">Median</th>
                <th scope="col">90th percentile</th>
              </tr>
            </thead>
            <tbody>
              {stages.map(([stage, figures]) => (
                <tr key={stage}>
                  <td>{STAGE_LABEL[stage] ?? stage}</td>
                  <td>{figures.count}</td>
                  <td>{duration(figures.medianMs)}</td>
                  <td>
                    <StageBar figures={figures} longest={longest} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card panel" aria-labelledby="counts-title">
          <h2 id="counts-title" className="panel-title">
            Cases, waivers and deliveries
          </h2>
          <Counts title="By state" counts={report.cases.byState} label={stateLabel} />
          <Counts title="By decision" counts={report.cases.byDecision} />
          <Counts title="By outcome" counts={report.cases.byOutcome} />
          <Counts title="Breaches by stage" counts={report.deadlineBreaches.byStage} />
          <Counts title="Waivers by reason (proposed)" counts={Object.fromEntries(Object.entries(report.waivers.byReason).map(([k, v]) => [k, v.proposed]))} />
          <Counts title="Deliveries by channel" counts={Object.fromEntries(Object.entries(report.deliveries.byChannel).map(([k, v]) => [k, v.delivered]))} />
        </section>
      </div>
      <section className="card panel" aria-labelledby="cases-title">
        <h2 id="cases-title" className="panel-title">
          Cases in the period
        </h2>
        {report.threats.length === 0 ? <p className="muted">No case in this period.</p> : null}
        {report.threats.length === 0 ? null : (
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">State</th>
                <th scope="col">Reported</th>
                <th scope="col">Duty</th>
                <th scope="col">Decided</th>
                <th scope="col">Delivered</th>
                <th scope="col">Breaches</th>
              </tr>
            </thead>
            <tbody>
              {report.threats.map((c) => (
                <tr key={c.caseId}>
                  <td>
                    <a href={hrefFor('warnings', c.caseId)}>{c.summary}</a>
                  </td>
                  <td>{stateLabel(c.state)}</td>
                  <td className="nowrap">{formatTimestamp(c.reportedAt)}</td>
                  <td className="nowrap">{c.triggeredAt === null ? '—' : formatTimestamp(c.triggeredAt)}</td>
                  <td className="nowrap">{c.decidedAt === null ? '—' : `${formatTimestamp(c.decidedAt)} (${c.decision ?? ''})`}</td>
                  <td className="nowrap">{c.deliveredAt === null ? '—' : formatTimestamp(c.deliveredAt)}</td>
                  <td className={c.breaches > 0 ? 'weight-negative' : undefined}>{c.breaches}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function duration(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

function StageBar({ figures, longest }: { readonly figures: StageFiguresJson; readonly longest: number }) {
  const tenth = figures.p90Ms === null ? 0 : Math.max(1, Math.round((figures.p90Ms / longest) * 10));
  return (
    <span className="stage-bar">
      <span className="meter" aria-hidden="true">
        <span className={`meter-fill meter-${tenth}`} />
      </span>{' '}
      {duration(figures.p90Ms)}
    </span>
  );
}

function Stat({ label, value, tone }: { readonly label: string; readonly value: number; readonly tone?: 'good' | 'bad' | undefined }) {
  return (
    <div className={`stat${tone === undefined ? '' : ` stat-${tone}`}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

function Counts({ title, counts, label = (k) => k.replace(/_/g, ' ') }: { readonly title: string; readonly counts: Readonly<Record<string, number>>; readonly label?: (key: string) => string }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <div className="counts">
      <h3 className="counts-title">{title}</h3>
      {entries.length === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <ul className="count-list">
          {entries.map(([key, n]) => (
            <li key={key}>
              <span>{label(key)}</span> <strong>{n}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
