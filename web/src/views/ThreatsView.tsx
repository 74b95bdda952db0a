// `#/threats` is the board; `#/threats/<id>` opens one threat. The board is in the first
// bundle; the threat view (and the map and graph it loads in turn) only when first opened.
import { Suspense } from 'react';
import { lazyView } from '../lazyView.tsx';
import type { Route } from '../routing.ts';
import { ThreatBoard } from './threat/ThreatBoard.tsx';

const threatView = lazyView<{ readonly id: string }>(() => import('./threat/ThreatView.tsx').then((m) => m.ThreatView));

export function preloadThreatView(): Promise<unknown> {
  return threatView.preload();
}

export function ThreatsView({ route }: { readonly route: Route }) {
  const id = route.params[0];
  if (id === undefined) return <ThreatBoard />;
  return (
    <Suspense fallback={<p className="muted loading">Loading the threat…</p>}>
      <threatView.Component key={id} id={id} />
    </Suspense>
  );
}
