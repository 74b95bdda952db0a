// `#/threats` is the board; `#/threats/<id>` opens one threat.
import type { Route } from '../routing.ts';
import { ThreatBoard } from './threat/ThreatBoard.tsx';
import { ThreatView } from './threat/ThreatView.tsx';

export function ThreatsView({ route }: { readonly route: Route }) {
  const id = route.params[0];
  return id === undefined ? <ThreatBoard /> : <ThreatView key={id} id={id} />;
}
