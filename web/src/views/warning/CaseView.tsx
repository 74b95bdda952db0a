// One duty-to-warn case: where it stands on the workflow (DOMAIN.md §1), its deadlines with
// countdowns, the commands the user's roles allow now, the warning composer, the frozen
// products and approvals, and every event.
import { useCallback, useEffect, useState } from 'react';
import type { WarningCaseDetailJson } from '../../../../src/http/wire.ts';
import { fetchWarning } from '../../api.ts';
import { FailureAlert } from '../../components/Alert.tsx';
import { formatOverdue, formatRelative, formatTimestamp } from '../../format.ts';
import { hrefFor } from '../../routing.ts';
import { useSession } from '../../session/session.ts';
import { useLoad } from '../../useLoad.ts';
import { useNow } from '../../useNow.ts';
import { CaseCommands } from './CaseCommands.tsx';
import { Composer } from './Composer.tsx';
import { DeliveryLog, deliveriesInFlight } from './DeliveryLog.tsx';
import { MAIN_PATH, offered, stateLabel } from './states.ts';

/** How often a case with a delivery in flight is read again. */
const DELIVERY_POLL_MS = 2_000;

export function CaseView({ caseId }: { readonly caseId: string }) {
  const [revision, setRevision] = useState(0);
  const loaded = useLoad((signal) => fetchWarning(caseId, signal), [caseId, revision]);
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  const [last, setLast] = useState<WarningCaseDetailJson | undefined>();
  if (loaded.state === 'ok' && loaded.data !== last) setLast(loaded.data);
  // While a delivery is on its way the dispatcher changes the case: read it again until it lands.
  const waiting = last !== undefined && (last.case.state === 'delivery' || deliveriesInFlight(last));
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(reload, DELIVERY_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, last, reload]);

  const back = (
    <p className="breadcrumb">
      <a href={hrefFor('warnings')}>‹ Warnings</a>
    </p>
  );
  if (loaded.state === 'error') {
    return (
      <>
        {back}
        <header className="view-header">
          <h1 id="view-title" tabIndex={-1}>
            Warning case
          </h1>
        </header>
        <FailureAlert title={loaded.error.status === 404 ? 'There is no such case that you may see' : 'Could not load the case'} failure={loaded.error} />
      </>
    );
  }
  if (last === undefined || last.case.id !== caseId) {
    return (
      <>
        {back}
        <p className="muted loading">Loading the case…</p>
      </>
    );
  }
  return (
    <>
      {back}
      <CaseDetail detail={last} reload={reload} />
    </>
  );
}

function CaseDetail({ detail, reload }: { readonly detail: WarningCaseDetailJson; readonly reload: () => void }) {
  const { session } = useSession();
  const now = useNow(15_000);
  const c = detail.case;
  const drafting = offered('draft_warning', c.state, session.user.roles) && detail.threatId !== null;

  return (
    <div className="case" data-testid="warning-case">
      <header className="view-header">
        <div className="view-title-row">
          <h1 id="view-title" tabIndex={-1}>
            {c.summary}
          </h1>
          <span className={`state state-${c.state}`}>{stateLabel(c.state)}</span>
          {c.orcon ? <span className="tag tag-danger">ORCON</span> : null}
        </div>
        <p className="view-description">
          <code>{c.id}</code> · version {detail.version} · cycle {c.cycle.number}
          {detail.threatId === null ? null : (
            <>
              {' · '}
              <a href={hrefFor('threats', detail.threatId)}>open the threat</a>
            </>
          )}
        </p>
      </header>

      <ol className="progress" aria-label="Workflow">
        {MAIN_PATH.map((state) => {
          const index = MAIN_PATH.indexOf(state);
          const current = MAIN_PATH.indexOf(c.state);
          const status = state === c.state ? 'current' : current >= 0 && index < current ? 'done' : 'todo';
          return (
            <li key={state} className={`progress-step progress-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
              {stateLabel(state)}
            </li>
          );
        })}
        {MAIN_PATH.includes(c.state) ? null : <li className="progress-step progress-current progress-off">{stateLabel(c.state)}</li>}
      </ol>

      <div className="case-grid">
        <section className="card panel" aria-labelledby="deadlines-title">
          <h2 id="deadlines-title" className="panel-title">
            Deadlines
          </h2>
          {detail.deadlines.length === 0 ? <p className="muted">No deadline runs in this state.</p> : null}
          <ul className="deadlines">
            {detail.deadlines.map((d) => {
              const overdue = d.status !== 'fired' && Date.parse(d.dueAt) <= now;
              return (
                <li key={d.key} className={`deadline deadline-${d.status}${overdue ? ' deadline-overdue' : ''}`}>
                  <span className="deadline-stage">{d.stage.replace('_', '-')}</span>
                  <span className="deadline-when">
                    {formatTimestamp(d.dueAt)}
                    <span className="muted small"> · {d.status === 'fired' ? 'acted on (escalated)' : overdue ? formatOverdue(d.dueAt, now) : `due ${formatRelative(d.dueAt, now)}`}</span>
                  </span>
                  <span className="muted small">from {formatTimestamp(d.measuredFrom)}{d.imminence === null ? '' : ` · ${d.imminence}`}</span>
                </li>
              );
            })}
          </ul>
          <h3 className="subhead">Milestones</h3>
          <dl className="facts">
            {milestonesOf(detail).map(([label, at, note]) => (
              <div key={label} className="fact-row">
                <dt>{label}</dt>
                <dd>
                  {at === null ? <span className="muted">—</span> : formatTimestamp(at)}
                  {note === null ? null : <span className="muted"> ({note})</span>}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <CaseCommands detail={detail} onDone={reload} />
      </div>

      {drafting ? <Composer detail={detail} onDrafted={reload} /> : null}

      <section className="card panel" aria-labelledby="products-title">
        <h2 id="products-title" className="panel-title">
          Frozen products and approvals
        </h2>
        {detail.products.length === 0 ? <p className="muted">No warning has been drafted.</p> : null}
        {detail.products.map((p) => (
          <article key={p.productId} className="product">
            <p>
              <strong>{p.banner}</strong> for <strong>{p.partnerName}</strong> · frozen {formatTimestamp(p.frozenAt)} by {p.frozenBy}
              {c.cycle.warning?.productHash === p.sha256 ? <span className="tag tag-info">current</span> : null}
            </p>
            <p className="mono small break">sha256 {p.sha256}</p>
            {p.withheld === undefined ? <p className="product-text">{p.warningText}</p> : <p className="muted">Withheld: {p.withheld}</p>}
          </article>
        ))}
        {detail.approvals.length === 0 ? null : (
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Approval</th>
                <th scope="col">By</th>
                <th scope="col">As</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {detail.approvals.map((a, index) => (
                <tr key={index}>
                  <td>{a.kind}</td>
                  <td className="mono">{a.by}</td>
                  <td>{a.role}</td>
                  <td>{formatTimestamp(a.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <DeliveryLog detail={detail} onChanged={reload} />

      <section className="card panel" aria-labelledby="events-title">
        <h2 id="events-title" className="panel-title">
          Record
        </h2>
        <ol className="timeline-list">
          {detail.events.map((e, index) => (
            <li key={index}>
              <time dateTime={e.at}>{formatTimestamp(e.at)}</time> <span className="code-tag">{e.type}</span> {e.from === null ? '' : `${stateLabel(e.from)} → `}
              {stateLabel(e.to)} <span className="muted small">by {e.actorId}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function milestonesOf(detail: WarningCaseDetailJson): readonly (readonly [string, string | null, string | null])[] {
  const t = detail.timeline;
  return [
    ['Reported', t.reportedAt, null],
    ['Flagged', t.flaggedAt, null],
    ['Screened', t.screenedAt, null],
    ['Duty established', t.triggeredAt, null],
    ['Decided', t.decidedAt, t.decision],
    ['Release approved', t.approvedAt, null],
    ['Delivered', t.deliveredAt, null],
    ['Acknowledged', t.acknowledgedAt, null],
    ['Closed', t.closedAt, t.outcome],
  ];
}
