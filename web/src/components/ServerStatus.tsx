// The server's health in the top bar: reachable or not, its version, what the store holds.
import { useEffect, useState } from 'react';
import { fetchHealth } from '../api.ts';
import { formatCount } from '../format.ts';
import { STORE_CHANGED_EVENT } from '../storeEvents.ts';
import { useLoad } from '../useLoad.ts';

export function ServerStatus() {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const bump = (): void => setRevision((r) => r + 1);
    window.addEventListener(STORE_CHANGED_EVENT, bump);
    return () => window.removeEventListener(STORE_CHANGED_EVENT, bump);
  }, []);
  const health = useLoad((signal) => fetchHealth(signal), [revision]);

  if (health.state === 'error') {
    return (
      <p className="server-status" role="status">
        <span className="status-dot status-down" aria-hidden="true" />
        Server unreachable
      </p>
    );
  }
  if (health.state === 'loading' && revision === 0) {
    return (
      <p className="server-status" role="status">
        <span className="status-dot" aria-hidden="true" />
        Connecting…
      </p>
    );
  }
  const data = health.state === 'ok' ? health.data : undefined;
  return (
    <p className="server-status" role="status" data-testid="server-status">
      <span className="status-dot status-up" aria-hidden="true" />
      <span>Connected</span>
      {data === undefined ? null : (
        <>
          <span className="status-sep" aria-hidden="true">·</span>
          <span>v{data.version}</span>
          <span className="status-sep" aria-hidden="true">·</span>
          <span>
            {formatCount(data.objects)} objects, {formatCount(data.versions)} versions
          </span>
        </>
      )}
    </p>
  );
}
