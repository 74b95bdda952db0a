// Duty-to-warn cases (issue 7, DOMAIN.md §1): `#/warnings` lists them with their next
// deadline; `#/warnings/<caseId>` opens one with its deadlines, the commands the user's roles
// allow in its state, the warning composer and the record.
import { useState } from 'react';
import type { WarningCaseListItemJson } from '../../../src/http/wire.ts';
import { fetchWarnings } from '../api.ts';
import { FailureAlert } from '../components/Alert.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatOverdue, formatRelative, formatTimestamp } from '../format.ts';
import { hrefFor, type Route } from '../routing.ts';
import { useLoad } from '../useLoad.ts';
import { useNow } from '../useNow.ts';
import { CaseView } from './warning/CaseView.tsx';
import { stateLabel } from './warning/states.ts';

const FILTERS = [
  { id: 'open', label: 'Open cases', states: 'reported,screening,duty_established,waiver_review,warning_prep,release_review,delivery,delivered,acknowledged,monitoring,escalated' },
  { id: 'all', label: 'All cases', states: '' },
  { id: 'closed', label: 'Closed, waived or not triggered', states: 'closed,waived,not_triggered' },
] as const;

export function WarningsView({ route }: { readonly route: Route }) {
  const caseId = route.params[0];
  return caseId === undefined ? <WarningList /> : <CaseView key={caseId} caseId={caseId} />;
}

function WarningList() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['id']>('open');
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const states = FILTERS.find((f) => f.id === filter)?.states ?? '';
  const page = useLoad((signal) => fetchWarnings({ limit: 100, state: states, cursor: cursors[pageIndex] }, signal), [states, cursors, pageIndex]);
  const now = useNow(15_000);
  const next = page.state === 'ok' ? page.data.next : undefined;

  return (
    <>
      <ViewHeader
        title="Warnings"
        description="Duty-to-warn cases, one per flagged threat: screening, the decision, the warning and its release, delivery and acknowledgement, each against its deadline."
      />
      <section className="card" aria-labelledby="cases-title">
        <h2 id="cases-title" className="visually-hidden">
          Cases
        </h2>
        <div className="board-toolbar">
          <div className="field">
            <label htmlFor="cases-filter">Show</label>
            <select
              id="cases-filter"
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value as typeof filter);
                setCursors([undefined]);
              }}
            >
              {FILTERS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {page.state === 'loading' ? <p className="muted loading">Loading cases…</p> : null}
        {page.state === 'error' ? <FailureAlert title="Could not list warning cases" failure={page.error} /> : null}
        {page.state === 'ok' && page.data.cases.length === 0 ? (
          <p className="empty">No cases. A case opens when fusion flags a threat as meeting the duty-to-warn trigger.</p>
        ) : null}
        {page.state === 'ok' && page.data.cases.length > 0 ? <CaseTable cases={page.data.cases} now={now} /> : null}
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ‹ Previous
          </button>
          <span className="pager-label">Page {pageIndex + 1}</span>
          <button type="button" className="button" disabled={next === undefined} onClick={() => setCursors((c) => [...c, next])}>
            Next ›
          </button>
        </nav>
      </section>
    </>
  );
}

function CaseTable({ cases, now }: { readonly cases: readonly WarningCaseListItemJson[]; readonly now: number }) {
  return (
    <table className="table" data-testid="warning-cases">
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">State</th>
          <th scope="col">Imminence</th>
          <th scope="col">Next deadline</th>
          <th scope="col">Reported</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => {
          const overdue = c.nextDeadline !== null && Date.parse(c.nextDeadline.dueAt) <= now;
          return (
            <tr key={c.caseId}>
              <td className="threat-cell">
                <a className="threat-link" href={hrefFor('warnings', c.caseId)}>
                  {c.summary}
                </a>
                <span className="threat-meta">
                  <code>{c.caseId}</code>
                  {c.orcon ? ' · ORCON' : ''}
                  {c.threatId === null ? null : (
                    <>
                      {' · '}
                      <a href={hrefFor('threats', c.threatId)}>threat</a>
                    </>
                  )}
                </span>
              </td>
              <td>
                <span className={`state state-${c.state}`}>{stateLabel(c.state)}</span>
              </td>
              <td>{c.imminence}</td>
              <td>
                {c.nextDeadline === null ? (
                  <span className="muted">none running</span>
                ) : (
                  <span className={`countdown ${overdue ? 'countdown-overdue' : 'countdown-running'}`} title={formatTimestamp(c.nextDeadline.dueAt)}>
                    <span className="countdown-what">{c.nextDeadline.stage}</span>
                    <span className="countdown-when">{overdue ? formatOverdue(c.nextDeadline.dueAt, now) : `due ${formatRelative(c.nextDeadline.dueAt, now)}`}</span>
                  </span>
                )}
              </td>
              <td className="nowrap">{formatTimestamp(c.reportedAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
