// The honest panel for a planned view whose server APIs do not exist yet: what the view is
// for and exactly what it is waiting for. It shows no sample or placeholder data.
import type { MissingApi } from '../views.tsx';
import { ViewHeader } from './ViewHeader.tsx';

export interface NotAvailableProps {
  readonly title: string;
  readonly purpose: string;
  readonly missing: readonly MissingApi[];
}

export function NotAvailable({ title, purpose, missing }: NotAvailableProps) {
  return (
    <>
      <ViewHeader title={title} description={purpose} badge={<span className="tag tag-pending">Not available yet</span>} />
      <section className="card not-available" aria-labelledby="missing-title" data-testid="not-available">
        <h2 id="missing-title">Waiting for the server</h2>
        <p>This view needs {missing.length === 1 ? 'an API' : 'APIs'} that this Tearline server does not offer yet:</p>
        <ul className="missing-list">
          {missing.map((api) => (
            <li key={api.name}>
              <span className="missing-name">{api.name}</span>
              <span className="missing-provides">{api.provides}</span>
            </li>
          ))}
        </ul>
        <p className="muted">Nothing is simulated here: the view will show real data once the server provides it.</p>
      </section>
    </>
  );
}
