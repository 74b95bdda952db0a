// Choosing a new password: forced after a one-time password (the first administrator's, or
// one an administrator reset), or by choice from the user menu. POST /api/auth/password.
import { useState, type FormEvent } from 'react';
import type { UserJson } from '../../../src/http/wire.ts';
import { changePassword } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { BrandMark } from '../components/BrandMark.tsx';

/** src/domain/people/passwordRules.ts: at least 12 characters. */
const MIN_LENGTH = 12;

export interface ChangePasswordViewProps {
  readonly user: UserJson;
  /** A one-time password: nothing else is possible until it is changed. */
  readonly forced: boolean;
  readonly onChanged: () => void;
  readonly onSignOut?: () => void;
  readonly onCancel?: () => void;
}

export function ChangePasswordView({ user, forced, onChanged, onSignOut, onCancel }: ChangePasswordViewProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const mismatch = repeat !== '' && next !== repeat;
  const tooShort = next !== '' && next.length < MIN_LENGTH;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy || mismatch || tooShort) return;
    setBusy(true);
    setError(undefined);
    const answer = await changePassword({ currentPassword: current, newPassword: next });
    setBusy(false);
    if (answer.ok) {
      onChanged();
      return;
    }
    setError(answer.code === 'wrong-password' ? 'The current password is not right.' : answer.message);
  };

  const form = (
    <form className="card gate-card" onSubmit={(e) => void submit(e)} aria-labelledby="password-title" data-testid="change-password">
      <div className="gate-brand">
        <BrandMark />
        <div>
          <p className="gate-product">Tearline</p>
          <p className="muted small">Signed in as {user.displayName || user.username}</p>
        </div>
      </div>
      <h1 id="password-title" className="gate-title" tabIndex={-1}>
        {forced ? 'Choose your password' : 'Change password'}
      </h1>
      {forced ? (
        <Alert tone="warning" title="You signed in with a one-time password">
          Choose a password of your own to continue. Other sessions of this account will be ended.
        </Alert>
      ) : null}
      {error === undefined ? null : <Alert tone="error" title="The password was not changed">{error}</Alert>}
      <div className="field">
        <label htmlFor="password-current">{forced ? 'One-time password' : 'Current password'}</label>
        <input id="password-current" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password-new">New password</label>
        <input id="password-new" type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required aria-describedby="password-rule" aria-invalid={tooShort ? true : undefined} />
        <p id="password-rule" className={tooShort ? 'field-error' : 'hint'}>
          At least {MIN_LENGTH} characters. A few unrelated words make a strong password.
        </p>
      </div>
      <div className="field">
        <label htmlFor="password-repeat">Repeat the new password</label>
        <input id="password-repeat" type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required aria-invalid={mismatch ? true : undefined} />
        {mismatch ? <p className="field-error">The two new passwords differ.</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || current === '' || next === '' || mismatch || tooShort}>
          {busy ? 'Saving…' : 'Save password'}
        </button>
        {onCancel === undefined ? null : (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {onSignOut === undefined ? null : (
          <button type="button" className="button" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </div>
    </form>
  );
  return forced ? (
    <main className="gate" id="main">
      {form}
    </main>
  ) : (
    form
  );
}
