// The threat board: fused threats in the server's priority order (band, then score), with the
// duty-to-warn flag, imminence, a countdown to what comes next, credibility and specificity
// at a glance. Paged with the server's cursors. When the reader may read warning cases, each
// flagged threat's case and its next workflow deadline are joined in from /api/warnings
// (the threats API's own `nextDeadline` is a placeholder that is always null today).
import { useMemo, useState } from 'react';
import type { ThreatListItemJson, ThreatStatusName, WarningCaseListItemJson } from '../../../../src/http/wire.ts';
import { fetchThreats, fetchWarnings, type ApiResult } from '../../api.ts';
import { threatsUrl, warningsUrl } from '../../apiUrls.ts';
import { FailureAlert } from '../../components/Alert.tsx';
import { CredibilityValue, DutyToWarnFlag, ImminenceChip, PriorityChip, SpecificityBar } from '../../components/Chips.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatCount, formatOverdue, formatRelative, formatTimestamp } from '../../format.ts';
import { hrefFor } from '../../routing.ts';
import { useSession } from '../../session/session.ts';
import { HARM_LABEL, SEVERITY_LABEL, threatTitle } from '../../threatDisplay.ts';
import { useLoad } from '../../useLoad.ts';
import { useLiveRevision, type LiveKind } from '../../useLiveRevision.ts';
import { useNow } from '../../useNow.ts';
import { stateLabel } from '../warning/states.ts';
import { BOARD_CASES_QUERY, BOARD_FIRST_LIMIT, BOARD_FIRST_STATUS } from './boardReads.ts';

const PAGE_SIZES = [50, 100, 250, 500];
const LIVE_KINDS: readonly LiveKind[] = ['threat', 'warning'];
export function ThreatBoard() {
  const { can } = useSession();
  const [status, setStatus] = useState<ThreatStatusName>(BOARD_FIRST_STATUS);
  const [limit, setLimit] = useState(BOARD_FIRST_LIMIT);
  const [dutyOnly, setDutyOnly] = useState(false);
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const cursor = cursors[pageIndex];
  const now = useNow(15_000);

  // The board follows the store as reports arrive and cases move (GET /api/events).
  const live = useLiveRevision(LIVE_KINDS);
  const page = useLoad((signal) => fetchThreats({ status, limit, cursor }, signal), [status, limit, cursor], live, threatsUrl({ status, limit, cursor }));
  const readsCases = can('warnings.read');
  const cases = useLoad(
    (signal): Promise<ApiResult<{ cases: readonly WarningCaseListItemJson[] }>> =>
      readsCases ? fetchWarnings(BOARD_CASES_QUERY, signal) : Promise.resolve({ ok: true, status: 200, data: { cases: [] } }),
    [readsCases],
    live,
    readsCases ? warningsUrl(BOARD_CASES_QUERY) : undefined,
  );
  const caseOf = useMemo(() => {
    const map = new Map<string, WarningCaseListItemJson>();
    if (cases.state === 'ok') for (const c of cases.data.cases) if (c.threatId !== null) map.set(c.threatId, c);
    return map;
  }, [cases]);

  const threats = page.state === 'ok' ? page.data.threats : [];
  const shown = dutyOnly ? threats.filter((t) => t.dutyToWarn) : threats;
  const next = page.state === 'ok' ? page.data.next : undefined;
  const restart = (): void => setCursors([undefined]);

  return (
    <>
      <ViewHeader
        title="Threat board"
        description="Fused threats, most urgent first: priority band and score, whether the duty to warn is met, how soon the threat window opens, and how credible and specific the reporting is."
      />
      <section className="card board" aria-labelledby="board-title">
        <h2 id="board-title" className="visually-hidden">
          Threats by priority
        </h2>
        <div className="board-toolbar">
          <div className="field">
            <label htmlFor="board-status">Status</label>
            <select
              id="board-status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as ThreatStatusName);
                restart();
              }}
            >
              <option value="active">Active</option>
              <option value="merged">Merged</option>
              <option value="retired">Retired</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="board-limit">Per page</label>
            <select
              id="board-limit"
              value={limit}
              onChange={(e) => {
                setLimit(Number(e.target.value));
                restart();
              }}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="checkbox checkbox-inline">
            <input id="board-duty" type="checkbox" checked={dutyOnly} onChange={(e) => setDutyOnly(e.target.checked)} />
            <label htmlFor="board-duty">Duty to warn only</label>
          </div>
          {page.state === 'ok' ? <BoardSummary threats={threats} /> : null}
        </div>

        <div className="board-body">
          {page.state === 'loading' ? <p className="muted loading">Loading threats…</p> : null}
          {page.state === 'error' ? <FailureAlert title="Could not list threats" failure={page.error} /> : null}
          {cases.state === 'error' ? <FailureAlert title="Could not read warning cases: deadlines are not shown" failure={cases.error} /> : null}
          {page.state === 'ok' && shown.length === 0 ? (
            <div className="empty">
              <p>{threats.length === 0 ? `No ${status} threats.` : 'No threat on this page meets the duty to warn.'}</p>
              {threats.length === 0 && status === 'active' && can('objects.ingest') ? (
                <p>
                  Threats are fused from ingested reports. <a href={hrefFor('ingest')}>Ingest reporting</a> to get started.
                </p>
              ) : null}
            </div>
          ) : null}
          {shown.length > 0 ? <BoardTable threats={shown} caseOf={caseOf} now={now} /> : null}
        </div>

        <nav className="pager" aria-label="Pages">
          <button type="button" className="button" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ‹ Previous
          </button>
          <span className="pager-label" aria-live="polite">
            Page {pageIndex + 1}
          </span>
          <button type="button" className="button" disabled={next === undefined} onClick={() => setCursors((c) => [...c, next])}>
            Next ›
          </button>
        </nav>
      </section>
    </>
  );
}

function BoardSummary({ threats }: { readonly threats: readonly ThreatListItemJson[] }) {
  const duty = threats.filter((t) => t.dutyToWarn).length;
  const p1 = threats.filter((t) => t.priority?.band === 'P1').length;
  const i1 = threats.filter((t) => t.imminence === 'I1').length;
  return (
    <p className="board-summary" aria-label="On this page">
      <span>
        <strong>{formatCount(threats.length)}</strong> threats
      </span>
      <span className="summary-dtw">
        <strong>{formatCount(duty)}</strong> duty to warn
      </span>
      <span>
        <strong>{formatCount(p1)}</strong> P1
      </span>
      <span>
        <strong>{formatCount(i1)}</strong> I1
      </span>
    </p>
  );
}

function BoardTable({ threats, caseOf, now }: { readonly threats: readonly ThreatListItemJson[]; readonly caseOf: ReadonlyMap<string, WarningCaseListItemJson>; readonly now: number }) {
  return (
    <table className="table board-table" data-testid="threat-board">
      <caption className="visually-hidden">Threats in priority order</caption>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          <th scope="col">Threat</th>
          <th scope="col">Duty to warn</th>
          <th scope="col">Imminence</th>
          <th scope="col">Next</th>
          <th scope="col">Credibility</th>
          <th scope="col">Specificity</th>
        </tr>
      </thead>
      <tbody>
        {threats.map((threat) => {
          const warningCase = caseOf.get(threat.id);
          return (
            <tr key={threat.id} className={threat.dutyToWarn ? 'row-dtw' : undefined}>
              <td>
                <PriorityChip priority={threat.priority} />
              </td>
              <td className="threat-cell">
                <a className="threat-link" href={hrefFor('threats', threat.id)}>
                  {threatTitle(threat)}
                </a>
                <span className="threat-meta">{threatMeta(threat)}</span>
              </td>
              <td>
                <DutyToWarnFlag flagged={threat.dutyToWarn} />
                {warningCase === undefined ? null : (
                  <a className="case-state" href={hrefFor('warnings', warningCase.caseId)}>
                    {stateLabel(warningCase.state)}
                  </a>
                )}
              </td>
              <td>
                <ImminenceChip imminence={threat.imminence} />
              </td>
              <td>
                <NextUp threat={threat} warningCase={warningCase} now={now} />
              </td>
              <td>
                <CredibilityValue credibility={threat.credibility} />
              </td>
              <td>
                <SpecificityBar specificity={threat.specificity} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** `2 reports · merged · Killing (grave)`: one string, so a row is one text node here, not five. */
function threatMeta(threat: ThreatListItemJson): string {
  const reports = `${threat.reportCount} ${threat.reportCount === 1 ? 'report' : 'reports'}`;
  const merged = threat.status === 'merged' && threat.mergedInto !== null ? ' · merged' : '';
  const harm = threat.harm === null ? '' : ` · ${HARM_LABEL[threat.harm] ?? threat.harm}`;
  const severity = threat.severity === null ? '' : ` (${SEVERITY_LABEL[threat.severity] ?? threat.severity})`;
  return `${reports}${merged}${harm}${severity}`;
}

/**
 * The countdown that matters most: the warning workflow's next deadline (DOMAIN.md §1 screen,
 * decide, deliver) when there is a case; otherwise when the threat window opens or closes.
 */
export function NextUp({ threat, warningCase, now }: { readonly threat: ThreatListItemJson; readonly warningCase: WarningCaseListItemJson | undefined; readonly now: number }) {
  const deadline = warningCase?.nextDeadline ?? (threat.nextDeadline === null ? null : { stage: 'deadline', dueAt: threat.nextDeadline, overdue: Date.parse(threat.nextDeadline) <= now });
  if (deadline !== null) {
    const overdue = Date.parse(deadline.dueAt) <= now;
    return (
      <span className={`countdown ${overdue ? 'countdown-overdue' : 'countdown-running'}`} title={`${deadline.stage} deadline ${formatTimestamp(deadline.dueAt)}`} data-testid="deadline-countdown">
        <span className="countdown-what">{deadline.stage} deadline</span>
        <span className="countdown-when">{overdue ? formatOverdue(deadline.dueAt, now) : `due ${formatRelative(deadline.dueAt, now)}`}</span>
      </span>
    );
  }
  const window = threat.window;
  if (window === null) return <span className="muted">no window known</span>;
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (now < start) {
    return (
      <span className="countdown" title={`Window ${formatTimestamp(window.start)} – ${formatTimestamp(window.end)}`}>
        <span className="countdown-what">window opens</span>
        <span className="countdown-when">{formatRelative(window.start, now)}</span>
      </span>
    );
  }
  if (now < end) {
    return (
      <span className="countdown countdown-open" title={`Window ${formatTimestamp(window.start)} – ${formatTimestamp(window.end)}`}>
        <span className="countdown-what">window open</span>
        <span className="countdown-when">closes {formatRelative(window.end, now)}</span>
      </span>
    );
  }
  return <span className="muted">window ended {formatRelative(window.end, now)}</span>;
}
