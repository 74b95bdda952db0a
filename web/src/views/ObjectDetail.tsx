// All stored versions of one object, newest first, each as formatted JSON.
import { fetchObjectVersions } from '../api.ts';
import { FailureAlert } from '../components/Alert.tsx';
import { JsonView } from '../components/JsonView.tsx';
import { formatTimestamp, plural } from '../format.ts';
import { useLoad } from '../useLoad.ts';
import { displayName } from '../stixDisplay.ts';

export function ObjectDetail({ id }: { readonly id: string }) {
  const loaded = useLoad((signal) => fetchObjectVersions(id, signal), [id]);

  if (loaded.state === 'loading') {
    return (
      <div className="detail">
        <h2 id="detail-title" className="detail-title">
          {id}
        </h2>
        <p className="muted loading">Loading versions…</p>
      </div>
    );
  }
  if (loaded.state === 'error') {
    const notStored = loaded.error.status === 404;
    return (
      <div className="detail">
        <h2 id="detail-title" className="detail-title">
          {id}
        </h2>
        {notStored ? (
          <p className="muted">This object is not in the store. It may be referenced by another object without having been ingested, or be a predefined marking definition.</p>
        ) : (
          <FailureAlert title="Could not load this object" failure={loaded.error} />
        )}
      </div>
    );
  }

  const versions = loaded.data.versions;
  const latest = versions[versions.length - 1];
  const newestFirst = versions.map((version, index) => ({ version, number: index + 1 })).reverse();
  return (
    <div className="detail" data-testid="object-detail">
      <header className="detail-header">
        <h2 id="detail-title" className="detail-title">
          {latest === undefined ? id : displayName(latest)}
        </h2>
        <p className="detail-meta">
          <span className="type-tag">{latest?.type ?? id.split('--')[0]}</span>
          <code className="object-id">{id}</code>
        </p>
        <p className="detail-meta muted">
          {plural(versions.length, 'version')} · created {formatTimestamp(latest?.created)} · last modified {formatTimestamp(latest?.modified)}
          {latest?.revoked === true ? <span className="tag tag-danger">Revoked</span> : null}
        </p>
      </header>
      {newestFirst.map(({ version, number }) => (
        <section key={number} className="version" aria-label={`Version ${number} of ${versions.length}`}>
          <h3 className="version-title">
            Version {number} of {versions.length}
            {number === versions.length ? <span className="tag tag-info">Latest</span> : null}
            <span className="muted version-modified">modified {formatTimestamp(version.modified ?? version.created)}</span>
          </h3>
          <JsonView value={version} label={`Version ${number} as JSON`} />
        </section>
      ))}
    </div>
  );
}
