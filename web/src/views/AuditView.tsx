// The audit log (issue 8), newest first: filter by actor, action, subject, threat, partner and
// period; page with the server's cursors; open an entry's details; check the hash chain.
import { Fragment, useState, type FormEvent } from 'react';
import type { AuditEntryJson, AuditQueryJson } from '../../../src/http/wire.ts';
import { fetchAudit, verifyAudit } from '../api.ts';
import { Alert, FailureAlert } from '../components/Alert.tsx';
import { JsonView } from '../components/JsonView.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatTimestamp } from '../format.ts';
import type { AuditVerifyResponse } from '../../../src/http/wire.ts';
import type { ApiFailure } from '../api.ts';
import { useLoad } from '../useLoad.ts';

const TEXT_FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'user:alice' },
  { key: 'action', label: 'Action', placeholder: 'auth.login' },
  { key: 'subject', label: 'Subject', placeholder: 'an object id, user:name…' },
  { key: 'threat', label: 'Threat or case', placeholder: 'grouping--…' },
  { key: 'partner', label: 'Partner', placeholder: 'identity--…' },
] as const;
type TextKey = (typeof TEXT_FILTERS)[number]['key'];

interface Filters {
  readonly text: Readonly<Record<TextKey, string>>;
  /** `datetime-local` values, read as UTC. */
  readonly from: string;
  readonly to: string;
  readonly limit: number;
}

const EMPTY: Filters = { text: { actor: '', action: '', subject: '', threat: '', partner: '' }, from: '', to: '', limit: 50 };

/** A `datetime-local` value as an RFC 3339 UTC instant (the audit log's clock is UTC). */
function utc(local: string): string | undefined {
  return local === '' ? undefined : `${local.length === 16 ? `${local}:00` : local}Z`;
}

function toQuery(filters: Filters, cursor: string | undefined): AuditQueryJson {
  const text = Object.fromEntries(Object.entries(filters.text).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  return { ...text, from: utc(filters.from), to: utc(filters.to), limit: filters.limit, cursor };
}

export function AuditView() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const [open, setOpen] = useState<number | undefined>();
  const [chain, setChain] = useState<{ readonly ok: true; readonly data: AuditVerifyResponse } | ({ readonly ok: false } & ApiFailure) | 'checking' | undefined>();
  const pageIndex = cursors.length - 1;
  const cursor = cursors[pageIndex];
  const page = useLoad((signal) => fetchAudit(toQuery(applied, cursor), signal), [applied, cursor]);
  const next = page.state === 'ok' ? page.data.next : undefined;

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setApplied(draft);
    setCursors([undefined]);
  };
  const clear = (): void => {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setCursors([undefined]);
  };
  const verify = async (): Promise<void> => {
    setChain('checking');
    const answer = await verifyAudit();
    setChain(answer.ok ? { ok: true, data: answer.data } : answer);
  };

  return (
    <>
      <ViewHeader
        title="Audit"
        description="Every sign-in, ingest, read of protected material, decision, release and delivery, newest first. Entries are hash-chained: a changed, removed or inserted entry breaks the chain."
      />
      <section className="card audit" aria-labelledby="audit-title">
        <h2 id="audit-title" className="visually-hidden">
          Audit log
        </h2>
        <form className="filters audit-filters" onSubmit={apply} aria-label="Filter the audit log">
          {TEXT_FILTERS.map((f) => (
            <div key={f.key} className="field">
              <label htmlFor={`audit-${f.key}`}>{f.label}</label>
              <input
                id={`audit-${f.key}`}
                type="text"
                value={draft.text[f.key]}
                placeholder={f.placeholder}
                onChange={(e) => setDraft((d) => ({ ...d, text: { ...d.text, [f.key]: e.target.value } }))}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor="audit-from">From (UTC)</label>
            <input id="audit-from" type="datetime-local" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">Before (UTC)</label>
            <input id="audit-to" type="datetime-local" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="audit-limit">Per page</label>
            <select id="audit-limit" value={draft.limit} onChange={(e) => setDraft((d) => ({ ...d, limit: Number(e.target.value) }))}>
              {[25, 50, 100, 250].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="field-actions">
            <button type="submit" className="button button-primary">
              Apply
            </button>
            <button type="button" className="button" onClick={clear}>
              Clear
            </button>
            <button type="button" className="button" onClick={() => void verify()} disabled={chain === 'checking'}>
              {chain === 'checking' ? 'Checking…' : 'Verify chain'}
            </button>
          </div>
        </form>
        {chain === undefined || chain === 'checking' ? null : chain.ok ? (
          <Alert tone={chain.data.ok ? 'success' : 'error'} title={chain.data.ok ? `The chain is intact: ${chain.data.entries} entries` : `The chain is broken at entry ${chain.data.break?.position ?? '?'}`}>
            {chain.data.ok ? (
              chain.data.head === null ? null : (
                <p>
                  Head: entry {chain.data.head.seq}, <code>{chain.data.head.hash}</code>
                </p>
              )
            ) : (
              <p>{chain.data.break?.message}</p>
            )}
          </Alert>
        ) : (
          <FailureAlert title="Could not verify the chain" failure={chain} />
        )}

        <div className="pane-body">
          {page.state === 'loading' ? <p className="muted loading">Loading entries…</p> : null}
          {page.state === 'error' ? <FailureAlert title="Could not read the audit log" failure={page.error} /> : null}
          {page.state === 'ok' && page.data.entries.length === 0 ? <p className="empty">No entries match.</p> : null}
          {page.state === 'ok' && page.data.entries.length > 0 ? (
            <AuditTable entries={page.data.entries} open={open} toggle={(seq) => setOpen((o) => (o === seq ? undefined : seq))} />
          ) : null}
        </div>

        <nav className="pager" aria-label="Pages">
          <button type="button" className="button" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ‹ Newer
          </button>
          <span className="pager-label" aria-live="polite">
            Page {pageIndex + 1}
          </span>
          <button type="button" className="button" disabled={next === undefined} onClick={() => setCursors((c) => [...c, next])}>
            Older ›
          </button>
        </nav>
      </section>
    </>
  );
}

function AuditTable({ entries, open, toggle }: { readonly entries: readonly AuditEntryJson[]; readonly open: number | undefined; readonly toggle: (seq: number) => void }) {
  return (
    <table className="table audit-table" data-testid="audit-table">
      <caption className="visually-hidden">Audit entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Subject</th>
          <th scope="col">Reason</th>
          <th scope="col">
            <span className="visually-hidden">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <Fragment key={entry.seq}>
            <tr className={open === entry.seq ? 'selected' : undefined}>
              <td className="mono">{entry.seq}</td>
              <td className="nowrap">{formatTimestamp(entry.at)}</td>
              <td className="mono break">{entry.actor}</td>
              <td>
                <span className="code-tag">{entry.action}</span>
              </td>
              <td className="mono break small">{entry.subject}</td>
              <td className="small">{entry.reason ?? <span className="muted">—</span>}</td>
              <td>
                <button type="button" className="button button-small" aria-expanded={open === entry.seq} onClick={() => toggle(entry.seq)}>
                  {open === entry.seq ? 'Hide' : 'Details'}
                </button>
              </td>
            </tr>
            {open === entry.seq ? (
              <tr className="audit-details">
                <td colSpan={7}>
                  <dl className="facts">
                    {entry.threat === null ? null : (
                      <>
                        <dt>Threat or case</dt>
                        <dd className="mono">{entry.threat}</dd>
                      </>
                    )}
                    {entry.partner === null ? null : (
                      <>
                        <dt>Partner</dt>
                        <dd className="mono">{entry.partner}</dd>
                      </>
                    )}
                    {entry.before === null ? null : (
                      <>
                        <dt>Before</dt>
                        <dd className="mono break">{entry.before}</dd>
                      </>
                    )}
                    {entry.after === null ? null : (
                      <>
                        <dt>After</dt>
                        <dd className="mono break">{entry.after}</dd>
                      </>
                    )}
                    <dt>Hash</dt>
                    <dd className="mono break">{entry.hash}</dd>
                    <dt>Previous</dt>
                    <dd className="mono break">{entry.prevHash}</dd>
                  </dl>
                  {entry.details === null ? null : <JsonView value={entry.details} label={`Details of entry ${entry.seq}`} />}
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
