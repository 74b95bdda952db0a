// The server's health in the top bar: reachable or not, and its version. Counts are not shown:
// GET /api/health is public and would leak how much hidden material the store holds.
import { fetchHealth } from '../api.ts';
import { useLoad } from '../useLoad.ts';

export function ServerStatus() {
  const health = useLoad((signal) => fetchHealth(signal), []);
  if (health.state === 'error') {
    return (
      <p className="server-status" role="status">
        <span className="status-dot status-down" aria-hidden="true" />
        Server unreachable
      </p>
    );
  }
  return (
    <p className="server-status" role="status" data-testid="server-status">
      <span className={`status-dot ${health.state === 'ok' ? 'status-up' : ''}`} aria-hidden="true" />
      <span>{health.state === 'ok' ? `Connected · v${health.data.version}` : 'Connecting…'}</span>
    </p>
  );
}
