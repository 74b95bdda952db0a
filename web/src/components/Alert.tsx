import type { ReactNode } from 'react';
import type { ApiFailure } from '../api.ts';

export interface AlertProps {
  readonly tone: 'error' | 'warning' | 'success' | 'info';
  readonly title: string;
  readonly children?: ReactNode;
}

export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="alert-title">{title}</p>
      {children === undefined ? null : <div className="alert-body">{children}</div>}
    </div>
  );
}

/** A failed API call, with the server's code so a user can quote it. */
export function FailureAlert({ title, failure }: { readonly title: string; readonly failure: ApiFailure }) {
  return (
    <Alert tone="error" title={title}>
      <p>
        {failure.message}{' '}
        <span className="muted">
          ({failure.status === 0 ? 'no answer' : `HTTP ${failure.status}`}, <code>{failure.code}</code>)
        </span>
      </p>
    </Alert>
  );
}
