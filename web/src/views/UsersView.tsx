// Users (issue 8): the people who sign in, their roles, clearance and state. Oversight reads
// the list; administrators add people (who get a one-time password, shown here once), change
// their roles and disable or re-enable them. Every change is audited by the server.
import { useState, type FormEvent } from 'react';
import type { ClassificationCode, RoleName, UserJson } from '../../../src/http/wire.ts';
import { createUser, fetchUsers, updateUser, type ApiFailure } from '../api.ts';
import { Alert, FailureAlert } from '../components/Alert.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatTimestamp } from '../format.ts';
import { CLEARANCE_LABELS, ROLE_LABELS, useSession } from '../session/session.ts';
import { useLoad } from '../useLoad.ts';

const ROLES = Object.keys(ROLE_LABELS) as RoleName[];
const CLEARANCES: readonly ClassificationCode[] = ['U', 'C', 'S', 'TS'];

type Outcome = { readonly ok: true; readonly text: string; readonly oneTimePassword?: { readonly username: string; readonly password: string } } | ({ readonly ok: false; readonly title: string } & ApiFailure);

export function UsersView() {
  const { can, session } = useSession();
  const manage = can('users.manage');
  const [revision, setRevision] = useState(0);
  const users = useLoad((signal) => fetchUsers(signal), [revision]);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const done = (next: Outcome): void => {
    setOutcome(next);
    if (next.ok) setRevision((r) => r + 1);
  };

  return (
    <>
      <ViewHeader
        title="Users"
        description={
          manage
            ? 'The people who sign in to this workbench, their roles and clearance. Roles decide what a person may do (DOMAIN.md §1: the drafter of a warning never approves it); clearance and compartments decide what they see.'
            : 'The people who sign in to this workbench, their roles and clearance. Only administrators change them.'
        }
      />
      {outcome === undefined ? null : outcome.ok ? (
        <Alert tone="success" title={outcome.text}>
          {outcome.oneTimePassword === undefined ? null : (
            <p>
              One-time password for <strong>{outcome.oneTimePassword.username}</strong>: <code className="one-time-password" data-testid="one-time-password">{outcome.oneTimePassword.password}</code>. Give it to them in person; it is shown only
              now, and they choose their own at first sign-in.
            </p>
          )}
        </Alert>
      ) : (
        <FailureAlert title={outcome.title} failure={outcome} />
      )}
      <section className="card panel" aria-labelledby="users-title">
        <h2 id="users-title" className="panel-title">
          People
        </h2>
        {users.state === 'loading' ? <p className="muted loading">Loading users…</p> : null}
        {users.state === 'error' ? <FailureAlert title="Could not list users" failure={users.error} /> : null}
        {users.state === 'ok' ? <UserTable users={users.data.users} manage={manage} me={session.user.username} onDone={done} /> : null}
      </section>
      {manage ? <AddUser onDone={done} /> : null}
    </>
  );
}

function UserTable({ users, manage, me, onDone }: { readonly users: readonly UserJson[]; readonly manage: boolean; readonly me: string; readonly onDone: (outcome: Outcome) => void }) {
  return (
    <table className="table users-table" data-testid="user-table">
      <caption className="visually-hidden">Users, their roles and clearance</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Roles</th>
          <th scope="col">Clearance</th>
          <th scope="col">State</th>
          <th scope="col">Changed</th>
          {manage ? <th scope="col">Change</th> : null}
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id} data-testid={`user-${user.username}`}>
            <th scope="row" className="row-head">
              <div className="user-cell">
                <span className="user-cell-name">{user.displayName}</span>
                <span className="mono small">{user.username}</span>
              </div>
            </th>
            <td>
              <ul className="role-list" aria-label={`Roles of ${user.username}`}>
                {user.roles.map((role) => (
                  <li key={role} className="tag tag-info">
                    {ROLE_LABELS[role]}
                  </li>
                ))}
              </ul>
            </td>
            <td>
              {user.clearance} <span className="muted small">{CLEARANCE_LABELS[user.clearance]}</span>
              {user.compartments.length === 0 ? null : <span className="muted small"> · {user.compartments.join(', ')}</span>}
            </td>
            <td>
              {user.disabled ? <span className="tag tag-danger">Disabled</span> : user.mustChangePassword ? <span className="tag tag-pending">Must choose a password</span> : <span className="tag tag-good">Active</span>}
            </td>
            <td className="nowrap small">{formatTimestamp(user.updatedAt)}</td>
            {manage ? (
              <td>
                <ChangeUser user={user} self={user.username === me} onDone={onDone} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RoleChoices({ idPrefix, chosen, onChange }: { readonly idPrefix: string; readonly chosen: ReadonlySet<RoleName>; readonly onChange: (next: ReadonlySet<RoleName>) => void }) {
  return (
    <fieldset className="role-choices">
      <legend>Roles</legend>
      {ROLES.map((role) => (
        <label key={role} htmlFor={`${idPrefix}-${role}`}>
          <input
            id={`${idPrefix}-${role}`}
            type="checkbox"
            checked={chosen.has(role)}
            onChange={() => {
              const next = new Set(chosen);
              if (next.has(role)) next.delete(role);
              else next.add(role);
              onChange(next);
            }}
          />
          {ROLE_LABELS[role]}
        </label>
      ))}
    </fieldset>
  );
}

function ChangeUser({ user, self, onDone }: { readonly user: UserJson; readonly self: boolean; readonly onDone: (outcome: Outcome) => void }) {
  const [roles, setRoles] = useState<ReadonlySet<RoleName>>(new Set(user.roles));
  const [busy, setBusy] = useState(false);
  const prefix = `roles-${user.username.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const saveRoles = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const answer = await updateUser(user.username, { roles: ROLES.filter((r) => roles.has(r)) });
    setBusy(false);
    onDone(answer.ok ? { ok: true, text: `${user.username} now holds: ${answer.data.user.roles.map((r) => ROLE_LABELS[r]).join(', ')}.` } : { ...answer, title: `The roles of ${user.username} were not changed` });
  };
  const toggle = async (): Promise<void> => {
    setBusy(true);
    const answer = await updateUser(user.username, { disabled: !user.disabled });
    setBusy(false);
    onDone(answer.ok ? { ok: true, text: `${user.username} is ${answer.data.user.disabled ? 'disabled: their sessions end' : 'enabled again'}.` } : { ...answer, title: `${user.username} was not changed` });
  };
  return (
    <details className="user-change">
      <summary>Change {user.username}</summary>
      <form onSubmit={(e) => void saveRoles(e)}>
        <RoleChoices idPrefix={prefix} chosen={roles} onChange={setRoles} />
        <div className="form-actions">
          <button type="submit" className="button button-small button-primary" disabled={busy || roles.size === 0}>
            Save roles
          </button>
          {self ? null : (
            <button type="button" className={`button button-small${user.disabled ? '' : ' button-danger'}`} disabled={busy} onClick={() => void toggle()}>
              {user.disabled ? 'Enable' : 'Disable'} {user.username}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}

function AddUser({ onDone }: { readonly onDone: (outcome: Outcome) => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<ReadonlySet<RoleName>>(new Set(['analyst']));
  const [clearance, setClearance] = useState<ClassificationCode>('S');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const answer = await createUser({ username: username.trim(), ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }), roles: ROLES.filter((r) => roles.has(r)), clearance });
    setBusy(false);
    if (answer.ok) {
      setUsername('');
      setDisplayName('');
      onDone({ ok: true, text: `${answer.data.user.username} can now sign in.`, oneTimePassword: { username: answer.data.user.username, password: answer.data.oneTimePassword } });
    } else {
      onDone({ ...answer, title: 'The user was not added' });
    }
  };
  return (
    <section className="card panel" aria-labelledby="add-user-title" data-testid="add-user">
      <h2 id="add-user-title" className="panel-title">
        Add a user
      </h2>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="new-username">Username</label>
          <input id="new-username" type="text" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-display-name">Display name</label>
          <input id="new-display-name" type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-clearance">Clearance</label>
          <select id="new-clearance" value={clearance} onChange={(e) => setClearance(e.target.value as ClassificationCode)}>
            {CLEARANCES.map((c) => (
              <option key={c} value={c}>
                {c} · {CLEARANCE_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field-wide">
          <RoleChoices idPrefix="new-role" chosen={roles} onChange={setRoles} />
        </div>
        <div className="form-actions field-wide">
          <button type="submit" className="button button-primary" disabled={busy || roles.size === 0 || username.trim() === ''}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}
