import { hrefFor } from './routing.ts';
import { VIEWS, type ViewDefinition } from './views.tsx';

const GROUPS: readonly ViewDefinition['group'][] = ['Intelligence', 'Sharing', 'Accountability'];

export function Navigation({ currentId }: { readonly currentId: string | undefined }) {
  return (
    <nav className="nav" aria-label="Views">
      {GROUPS.map((group) => (
        <div key={group} className="nav-group">
          <h2 className="nav-group-title" id={`nav-${group}`}>
            {group}
          </h2>
          <ul aria-labelledby={`nav-${group}`}>
            {VIEWS.filter((view) => view.group === group).map((view) => (
              <li key={view.id}>
                <a
                  className="nav-link"
                  href={hrefFor(view.id)}
                  aria-current={view.id === currentId ? 'page' : undefined}
                  data-testid={`nav-${view.id}`}
                >
                  <span>{view.label}</span>
                  {view.status === 'waiting' ? (
                    <>
                      <span className="nav-tag" aria-hidden="true">
                        soon
                      </span>
                      <span className="visually-hidden"> (not available yet)</span>
                    </>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
