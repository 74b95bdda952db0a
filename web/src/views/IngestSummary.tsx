// What an ingest did: the verdict, the counts, and every error (object, path, code, message).
import type { IngestFormatName, IngestIssueJson, IngestResponse } from '../../../src/http/wire.ts';
import type { IngestResult } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { formatCount, plural } from '../format.ts';
import { hrefFor } from '../routing.ts';

export function IngestSummary({ source, result }: { readonly source: string; readonly result: IngestResult }) {
  if (result.kind === 'failure') {
    return (
      <div className="card" data-testid="ingest-summary">
        <Alert tone="error" title={`${source}: not ingested`}>
          <p>{result.message}</p>
          <p className="muted">
            {result.status === 0 ? 'No answer from the server' : `HTTP ${result.status}`} · <code>{result.code}</code>
          </p>
        </Alert>
      </div>
    );
  }
  const outcome = result.outcome;
  const verdict = verdictOf(outcome);
  return (
    <div className="card" data-testid="ingest-summary">
      <Alert tone={verdict.tone} title={`${source}: ${verdict.title}`}>
        <p>{verdict.detail}</p>
      </Alert>
      <dl className="stats">
        <Stat label="Received" value={outcome.received} />
        <Stat label="Stored" value={outcome.stored} tone={outcome.stored > 0 ? 'good' : undefined} />
        <Stat label="Unchanged" value={outcome.unchanged} />
        <Stat label="Rejected" value={outcome.rejected} tone={outcome.rejected > 0 ? 'bad' : undefined} />
      </dl>
      <p className="muted small">
        {outcome.partial ? 'Partial ingest' : 'All-or-nothing ingest'}
        {outcome.kind === undefined ? (outcome.format === undefined || outcome.format === 'stix' ? '' : ` of ${FORMAT_NAMES[outcome.format]}`) : ` of a ${outcome.kind === 'bundle' ? 'bundle' : 'single object'}`}
        {outcome.committed && outcome.stored + outcome.unchanged > 0 ? (
          <>
            {' · '}
            <a href={hrefFor('objects')}>Browse stored objects</a>
          </>
        ) : null}
      </p>
      {outcome.errors.length > 0 ? <IssueTable title={`Errors (${formatCount(outcome.errors.length)})`} issues={outcome.errors} testId="ingest-errors" /> : null}
      {outcome.warningCount > 0 ? (
        <details className="warnings">
          <summary>
            Warnings ({formatCount(outcome.warningCount)}){outcome.warningCount > outcome.warnings.length ? `, the first ${outcome.warnings.length} shown` : ''}
          </summary>
          <IssueTable title="Warnings" issues={outcome.warnings} hideTitle />
        </details>
      ) : null}
    </div>
  );
}

const FORMAT_NAMES: Readonly<Record<IngestFormatName, string>> = { stix: 'STIX', misp: 'a MISP event', csv: 'a CSV indicator list', text: 'a report text' };

function verdictOf(outcome: IngestResponse): { tone: 'success' | 'warning' | 'error' | 'info'; title: string; detail: string } {
  const counts = `${plural(outcome.received, 'object')} received: ${formatCount(outcome.stored)} new, ${formatCount(outcome.unchanged)} unchanged`;
  if (outcome.errors.length === 0 && outcome.committed) return { tone: 'success', title: 'stored', detail: `${counts}.` };
  if (outcome.errors.length === 0) return { tone: 'info', title: 'nothing to store', detail: 'The input held no objects.' };
  if (outcome.committed) {
    return { tone: 'warning', title: 'partly stored', detail: `${counts}, ${formatCount(outcome.rejected)} rejected. The errors below say why.` };
  }
  return {
    tone: 'error',
    title: 'rejected, nothing stored',
    detail: `${plural(outcome.errors.length, 'error')} found in ${plural(outcome.received, 'object')}. Fix them, or use partial ingest to store the valid objects.`,
  };
}

function Stat({ label, value, tone }: { readonly label: string; readonly value: number; readonly tone?: 'good' | 'bad' }) {
  return (
    <div className={`stat${tone === undefined ? '' : ` stat-${tone}`}`} data-testid={`stat-${label.toLowerCase()}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

function IssueTable({
  title,
  issues,
  hideTitle = false,
  testId,
}: {
  readonly title: string;
  readonly issues: readonly IngestIssueJson[];
  readonly hideTitle?: boolean;
  readonly testId?: string;
}) {
  return (
    <div className="issues" data-testid={testId}>
      {hideTitle ? null : <h3 className="issues-title">{title}</h3>}
      <table className="table issues-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col" className="issue-index" title="Position of the object in the input">
              #
            </th>
            <th scope="col" className="issue-where">
              Object and path
            </th>
            <th scope="col">Code and message</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => (
            <tr key={i}>
              <td className="issue-index">{issue.index === undefined ? '—' : issue.index}</td>
              <td className="issue-where">
                <span className="issue-object">{issue.objectId ?? 'no readable id'}</span>
                <span className="issue-path">{issue.path === '' ? 'the whole input' : issue.path}</span>
              </td>
              <td>
                <code className="code-tag issue-code">{issue.code}</code>
                <span className="issue-message">{issue.message}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
