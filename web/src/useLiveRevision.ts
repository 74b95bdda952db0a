// Live updates (GET /api/events, server-sent events): a number that goes up, at most twice a
// second, whenever the server says something of the given kinds changed. A view passes it to
// useLoad as its revision so its list is re-read in place. Events carry ids only; the data is
// re-read through the ordinary routes, filtered for this user like every other read.
import { useEffect, useState } from 'react';

/** Event names of the stream (src/http/api/events.ts). */
export type LiveKind = 'object' | 'objects-truncated' | 'threat' | 'warning' | 'delivery' | 'disclosure';

const DEBOUNCE_MS = 500;

export function useLiveRevision(kinds: readonly LiveKind[]): number {
  const [revision, setRevision] = useState(0);
  const key = kinds.join(',');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    // EventSource reconnects by itself (with Last-Event-ID) after a drop or the server's cap.
    const source = new EventSource('/api/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = (): void => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        setRevision((r) => r + 1);
      }, DEBOUNCE_MS);
    };
    // 'reset': the server lost track of what this client has seen; re-read everything.
    for (const kind of [...key.split(','), 'reset']) source.addEventListener(kind, bump);
    return () => {
      source.close();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key]);
  return revision;
}
