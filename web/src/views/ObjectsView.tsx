// Objects browser: the latest version of each stored object, filtered by type and paged
// with the server's cursors; the selected object's versions open beside the list.
import { useState, type FormEvent } from 'react';
import type { StixObjectJson } from '../../../src/http/wire.ts';
import { fetchObjects } from '../api.ts';
import { FailureAlert } from '../components/Alert.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatDate, formatTimestamp } from '../format.ts';
import { hrefFor, type Route } from '../routing.ts';
import { parseTypeFilter, STIX_TYPES } from '../stixTypes.ts';
import { useLoad } from '../useLoad.ts';
import { displayName } from '../stixDisplay.ts';
import { ObjectDetail } from './ObjectDetail.tsx';

const PAGE_SIZES = [25, 50, 100, 250];

export function ObjectsView({ route }: { readonly route: Route }) {
  const selectedId = route.params[0];
  const [typeInput, setTypeInput] = useState('');
  const [typeError, setTypeError] = useState<string | undefined>();
  const [filter, setFilter] = useState({ type: '', limit: 50 });
  const [limitInput, setLimitInput] = useState(50);
  // cursors[i] is the cursor of page i; the first page has none.
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const cursor = cursors[pageIndex];

  const page = useLoad(
    (signal) => fetchObjects({ type: filter.type, limit: filter.limit, cursor }, signal),
    [filter.type, filter.limit, cursor],
  );

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const parsed = parseTypeFilter(typeInput);
    if (!parsed.ok) {
      setTypeError(parsed.message);
      return;
    }
    setTypeError(undefined);
    setTypeInput(parsed.value);
    setFilter({ type: parsed.value, limit: limitInput });
    setCursors([undefined]);
  };
  const clear = (): void => {
    setTypeInput('');
    setTypeError(undefined);
    setFilter({ type: '', limit: limitInput });
    setCursors([undefined]);
  };
  const next = page.state === 'ok' ? page.data.next : undefined;

  return (
    <>
      <ViewHeader
        title="Objects"
        description="The latest version of every stored STIX object, in the order they were first stored. Select one to see all of its versions."
      />
      <div className="split">
        <section className="card pane list-pane" aria-labelledby="objects-list-title">
          <h2 id="objects-list-title" className="visually-hidden">
            Stored objects
          </h2>
          <form className="filters" onSubmit={apply} aria-label="Filter objects">
            <div className="field field-grow">
              <label htmlFor="type-filter">Type</label>
              <input
                id="type-filter"
                type="text"
                list="stix-types"
                value={typeInput}
                placeholder="All types"
                aria-invalid={typeError === undefined ? undefined : true}
                aria-describedby={typeError === undefined ? undefined : 'type-filter-error'}
                onChange={(e) => setTypeInput(e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
              <datalist id="stix-types">
                {STIX_TYPES.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor="page-size">Per page</label>
              <select id="page-size" value={limitInput} onChange={(e) => setLimitInput(Number(e.target.value))}>
                {PAGE_SIZES.map((n) => (
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
            </div>
            {typeError === undefined ? null : (
              <p id="type-filter-error" className="field-error" role="alert">
                {typeError}
              </p>
            )}
          </form>

          <div className="pane-body">
            {page.state === 'loading' ? <p className="muted loading">Loading objects…</p> : null}
            {page.state === 'error' ? <FailureAlert title="Could not list objects" failure={page.error} /> : null}
            {page.state === 'ok' ? <ObjectTable objects={page.data.objects} selectedId={selectedId} filtered={filter.type !== ''} /> : null}
          </div>

          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="button"
              disabled={pageIndex === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              ‹ Previous
            </button>
            <span className="pager-label" aria-live="polite">
              Page {pageIndex + 1}
              {filter.type === '' ? '' : ` · ${filter.type}`}
            </span>
            <button
              type="button"
              className="button"
              disabled={next === undefined}
              onClick={() => setCursors((c) => [...c, next])}
            >
              Next ›
            </button>
          </nav>
        </section>

        <section className="card pane detail-pane" aria-labelledby="detail-title">
          {selectedId === undefined ? (
            <div className="empty-detail">
              <h2 id="detail-title">No object selected</h2>
              <p className="muted">Choose an object in the list to see every stored version as JSON.</p>
            </div>
          ) : (
            <ObjectDetail id={selectedId} />
          )}
        </section>
      </div>
    </>
  );
}

function ObjectTable({
  objects,
  selectedId,
  filtered,
}: {
  readonly objects: readonly StixObjectJson[];
  readonly selectedId: string | undefined;
  readonly filtered: boolean;
}) {
  if (objects.length === 0) {
    return (
      <div className="empty">
        <p>{filtered ? 'No stored objects of this type.' : 'No objects are stored yet.'}</p>
        {filtered ? null : (
          <p>
            <a href={hrefFor('ingest')}>Ingest a STIX bundle</a> to get started.
          </p>
        )}
      </div>
    );
  }
  return (
    <table className="table objects-table" data-testid="objects-table">
      <caption className="visually-hidden">Latest version of each stored object</caption>
      <thead>
        <tr>
          <th scope="col">Object</th>
          <th scope="col">Modified</th>
        </tr>
      </thead>
      <tbody>
        {objects.map((object) => {
          const selected = object.id === selectedId;
          return (
            <tr key={object.id} className={selected ? 'selected' : undefined}>
              <td className="name-cell">
                <a href={hrefFor('objects', object.id)} aria-current={selected ? 'true' : undefined} className="object-link">
                  {displayName(object)}
                </a>
                <span className="object-line">
                  <span className="type-tag">{object.type}</span>
                  <span className="object-id">{object.id}</span>
                </span>
              </td>
              <td className="nowrap">
                <ModifiedDate value={object.modified ?? object.created} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ModifiedDate({ value }: { readonly value: string | undefined }) {
  if (value === undefined) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatTimestamp(value)}>
      {formatDate(value)}
    </time>
  );
}
