import type { ReactNode } from 'react';

export interface ViewHeaderProps {
  readonly title: string;
  readonly description?: ReactNode;
  readonly badge?: ReactNode;
}

/** Every view's heading. The shell moves focus to it (#view-title) when the view changes. */
export function ViewHeader({ title, description, badge }: ViewHeaderProps) {
  return (
    <header className="view-header">
      <div className="view-title-row">
        <h1 id="view-title" tabIndex={-1}>
          {title}
        </h1>
        {badge}
      </div>
      {description === undefined ? null : <p className="view-description">{description}</p>}
    </header>
  );
}
