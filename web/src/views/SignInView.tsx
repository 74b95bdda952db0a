// The sign-in screen: username and password to POST /api/auth/login. The session itself is
// an HttpOnly cookie; the answer's CSRF token and permissions go to the shell.
import { useState, type FormEvent } from 'react';
import type { LoginResponse } from '../../../src/http/wire.ts';
import { login } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { BrandMark } from '../components/BrandMark.tsx';

export interface SignInViewProps {
  readonly notice?: string | undefined;
  readonly onSignedIn: (answer: LoginResponse) => void;
}

export function SignInView({ notice, onSignedIn }: SignInViewProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const answer = await login(username.trim(), password);
    setBusy(false);
    if (answer.ok) {
      setPassword('');
      onSignedIn(answer.data);
      return;
    }
    setPassword('');
    setError(signInProblem(answer.status, answer.message));
  };

  return (
    <main className="gate" id="main">
      <form className="card gate-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" data-testid="sign-in">
        <div className="gate-brand">
          <BrandMark />
          <div>
            <p className="gate-product">Tearline</p>
            <p className="muted small">Analyst workbench</p>
          </div>
        </div>
        <h1 id="sign-in-title" className="gate-title">
          Sign in
        </h1>
        {notice === undefined ? null : <Alert tone="info" title={notice} />}
        {error === undefined ? null : <Alert tone="error" title="Could not sign in">{error}</Alert>}
        <div className="field">
          <label htmlFor="sign-in-username">Username</label>
          <input id="sign-in-username" type="text" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus required spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input id="sign-in-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </div>
        <button type="submit" className="button button-primary button-block" disabled={busy || username.trim() === '' || password === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          First start? The administrator’s one-time password is printed by <code>npm start</code>. Accounts are managed with <code>tearline user add</code>.
        </p>
      </form>
    </main>
  );
}

function signInProblem(status: number, message: string): string {
  if (status === 401) return 'The username or password is not right.';
  if (status === 429) return 'Too many attempts. Wait a few minutes before trying again.';
  if (status === 0) return message;
  return `${message} (HTTP ${status})`;
}
