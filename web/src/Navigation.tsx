import type { PermissionName } from '../../src/http/wire.ts';
import { hrefFor } from './routing.ts';
import { mayOpen, VIEWS, type ViewDefinition } from './views.tsx';

const GROUPS: readonly ViewDefinition['group'][] = ['Intelligence', 'Warning', 'Sharing', 'Accountability', 'Administration'];

export function Navigation({ currentId, permissions }: { readonly currentId: string | undefined; readonly permissions: ReadonlySet<PermissionName> }) {
  const open = VIEWS.filter((view) => mayOpen(view, permissions));
  return (
    <nav className="nav" aria-label="Views">
      {GROUPS.filter((group) => open.some((view) => view.group === group)).map((group) => (
        <div key={group} className="nav-group">
          <h2 className="nav-group-title" id={`nav-${group}`}>
            {group}
          </h2>
          <ul aria-labelledby={`nav-${group}`}>
            {open
              .filter((view) => view.group === group)
              .map((view) => (
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
