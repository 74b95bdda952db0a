// Feeds: the partners' TAXII collections this server pulls on an interval (`tearline feed`),
// each with its last run: when, how it went, how many objects it brought, and why it failed.
// Administrators add and remove feeds here; everyone else reads.
import { useEffect, useState, type FormEvent } from 'react';
import type { FeedJson, NewFeedRequest } from '../../../src/http/wire.ts';
import { addFeed, fetchFeeds, removeFeed, type ApiFailure } from '../api.ts';
import { Alert, FailureAlert } from '../components/Alert.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatCount, formatDuration, formatRelative, formatTimestamp } from '../format.ts';
import { useSession } from '../session/session.ts';
import { useLoad } from '../useLoad.ts';
import { useNow } from '../useNow.ts';

const OUTCOME: Readonly<Record<FeedJson['lastRun']['outcome'], { readonly label: string; readonly tone: string }>> = {
  'never-run': { label: 'Not run yet', tone: 'tag-pending' },
  running: { label: 'Pulling now', tone: 'tag-info' },
  ok: { label: 'Succeeded', tone: 'tag-good' },
  failed: { label: 'Failed', tone: 'tag-danger' },
};

/** The list is re-read this often, so a run that finishes shows without a reload. */
const REFRESH_MS = 15_000;

export function FeedsView() {
  const { can } = useSession();
  const manage = can('partners.manage');
  const [revision, setRevision] = useState(0);
  const feeds = useLoad((signal) => fetchFeeds(signal), [revision]);
  const [last, setLast] = useState<readonly FeedJson[] | undefined>();
  if (feeds.state === 'ok' && feeds.data.feeds !== last) setLast(feeds.data.feeds);
  const now = useNow(REFRESH_MS);
  useEffect(() => {
    const timer = window.setInterval(() => setRevision((r) => r + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const reload = (): void => setRevision((r) => r + 1);

  return (
    <>
      <ViewHeader
        title="Feeds"
        description="Partners’ TAXII 2.1 collections this server pulls on an interval, and how each last run went. What is pulled is stored and fused like any other input."
      />
      <section className="card panel" aria-labelledby="feeds-title" data-testid="feeds">
        <div className="panel-head">
          <h2 id="feeds-title" className="panel-title">
            TAXII pulls
          </h2>
          <button type="button" className="button button-small" onClick={reload}>
            Refresh
          </button>
        </div>
        {feeds.state === 'error' ? <FailureAlert title="Could not list feeds" failure={feeds.error} /> : null}
        {last === undefined && feeds.state === 'loading' ? <p className="muted loading">Loading feeds…</p> : null}
        {last !== undefined && last.length === 0 ? (
          <p className="empty" data-testid="no-feeds">
            No feeds yet. {manage ? 'Add one below, or' : 'An administrator adds them here or'} with <code>tearline feed add NAME URL</code>.
          </p>
        ) : null}
        {last !== undefined && last.length > 0 ? <FeedTable feeds={last} now={now} manage={manage} onRemoved={reload} /> : null}
      </section>
      {manage ? <AddFeed onAdded={reload} /> : null}
    </>
  );
}

function FeedTable({ feeds, now: tick, manage, onRemoved }: { readonly feeds: readonly FeedJson[]; readonly now: number; readonly manage: boolean; readonly onRemoved: () => void }) {
  // A run may have finished after the last tick: never show it as in the future.
  const now = Math.max(tick, Date.now());
  return (
    <table className="table feeds-table" data-testid="feed-table">
      <caption className="visually-hidden">Feeds and their last run</caption>
      <thead>
        <tr>
          <th scope="col">Feed</th>
          <th scope="col">Every</th>
          <th scope="col">Last run</th>
          <th scope="col">Outcome</th>
          <th scope="col" className="num">
            New objects
          </th>
          <th scope="col">Next run</th>
          {manage ? (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {feeds.map((feed) => (
          <tr key={feed.name} data-testid={`feed-${feed.name}`}>
            <th scope="row" className="row-head">
              <div className="feed-cell">
                <span className="feed-name">{feed.name}</span>
                <span className="mono small break">{feed.url}</span>
                <span className="muted small">
                  {feed.collection === null ? '' : `collection ${feed.collection} · `}
                  {authText(feed)}
                  {feed.intoCollection === null ? '' : ` · into ${feed.intoCollection}`}
                </span>
              </div>
            </th>
            <td className="nowrap">{formatDuration(feed.intervalSeconds * 1000)}</td>
            <td className="nowrap">
              {feed.lastRun.finishedAt === null ? (
                <span className="muted">—</span>
              ) : (
                <>
                  <time dateTime={feed.lastRun.finishedAt}>{formatTimestamp(feed.lastRun.finishedAt)}</time>
                  <span className="muted small"> · {formatRelative(feed.lastRun.finishedAt, now)}</span>
                </>
              )}
            </td>
            <td>
              <span className={`tag ${OUTCOME[feed.lastRun.outcome].tone} feed-outcome`}>{OUTCOME[feed.lastRun.outcome].label}</span>
              {feed.lastRun.error === null ? null : <p className="field-error small feed-error">{feed.lastRun.error}</p>}
            </td>
            <td className="num">{feed.lastRun.objects === null ? '—' : formatCount(feed.lastRun.objects)}</td>
            <td className="nowrap">{feed.nextRunAt === null ? <span className="muted">at the next check</span> : formatRelative(feed.nextRunAt, now)}</td>
            {manage ? (
              <td>
                <RemoveFeed name={feed.name} onRemoved={onRemoved} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function authText(feed: FeedJson): string {
  const a = feed.auth;
  if (a.kind === 'none') return 'no sign-in';
  const secret = a.secret === 'environment' ? `secret in $${a.env ?? ''}` : 'secret stored';
  return a.kind === 'basic' ? `user ${a.user}, ${secret}` : `token, ${secret}`;
}

function RemoveFeed({ name, onRemoved }: { readonly name: string; readonly onRemoved: () => void }) {
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  if (!asking) {
    return (
      <button type="button" className="button button-small" onClick={() => setAsking(true)} aria-label={`Remove feed ${name}`}>
        Remove
      </button>
    );
  }
  return (
    <div className="confirm-inline" role="group" aria-label={`Remove feed ${name}?`}>
      <button
        type="button"
        className="button button-small button-danger"
        onClick={() =>
          void removeFeed(name).then((answer) => {
            if (answer.ok) onRemoved();
            else setFailure(answer);
          })
        }
      >
        Remove {name}
      </button>
      <button type="button" className="button button-small" onClick={() => setAsking(false)}>
        Keep
      </button>
      {failure === undefined ? null : <p className="field-error small">{failure.message}</p>}
    </div>
  );
}

function AddFeed({ onAdded }: { readonly onAdded: () => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [collection, setCollection] = useState('');
  const [interval, setInterval] = useState('900');
  const [authKind, setAuthKind] = useState<'none' | 'basic' | 'token'>('none');
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const [fromEnv, setFromEnv] = useState(false);
  const [result, setResult] = useState<{ readonly ok: true; readonly name: string } | ({ readonly ok: false } & ApiFailure) | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const auth: NewFeedRequest['auth'] =
      authKind === 'basic'
        ? { kind: 'basic', user, ...(fromEnv ? { passwordEnv: secret } : { password: secret }) }
        : authKind === 'token'
          ? fromEnv
            ? { kind: 'token', tokenEnv: secret }
            : { kind: 'token', token: secret }
          : { kind: 'none' };
    setBusy(true);
    const answer = await addFeed({ name: name.trim(), url: url.trim(), ...(collection.trim() === '' ? {} : { collection: collection.trim() }), intervalSeconds: Number(interval), auth });
    setBusy(false);
    setResult(answer.ok ? { ok: true, name: answer.data.feed.name } : answer);
    if (answer.ok) {
      setName('');
      setUrl('');
      setCollection('');
      setSecret('');
      onAdded();
    }
  };

  return (
    <section className="card panel" aria-labelledby="add-feed-title" data-testid="add-feed">
      <h2 id="add-feed-title" className="panel-title">
        Add a feed
      </h2>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="feed-name">Name</label>
          <input id="feed-name" type="text" required value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" aria-describedby="feed-name-hint" />
          <p id="feed-name-hint" className="hint">
            Letters, digits and . _ -
          </p>
        </div>
        <div className="field field-wide">
          <label htmlFor="feed-url">TAXII URL (discovery, API root or collection)</label>
          <input id="feed-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://taxii.partner.example/taxii2/" aria-describedby="feed-url-hint" />
          <p id="feed-url-hint" className="hint">
            HTTPS; plain http only to this machine (TAXII 2.1 §8.5.1).
          </p>
        </div>
        <div className="field">
          <label htmlFor="feed-collection">Remote collection (id, alias or title)</label>
          <input id="feed-collection" type="text" value={collection} onChange={(e) => setCollection(e.target.value)} aria-describedby="feed-collection-hint" />
          <p id="feed-collection-hint" className="hint">
            Empty when the URL is the collection’s own.
          </p>
        </div>
        <div className="field">
          <label htmlFor="feed-interval">Pull every (seconds)</label>
          <input id="feed-interval" type="number" min={10} step={1} required value={interval} onChange={(e) => setInterval(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="feed-auth">Sign in with</label>
          <select id="feed-auth" value={authKind} onChange={(e) => setAuthKind(e.target.value as typeof authKind)}>
            <option value="none">nothing (public collection)</option>
            <option value="basic">a user and password</option>
            <option value="token">a bearer token</option>
          </select>
        </div>
        {authKind === 'basic' ? (
          <div className="field">
            <label htmlFor="feed-user">User</label>
            <input id="feed-user" type="text" required autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />
          </div>
        ) : null}
        {authKind === 'none' ? null : (
          <>
            <div className="field">
              <label htmlFor="feed-secret">{fromEnv ? 'Environment variable holding the secret' : authKind === 'basic' ? 'Password' : 'Token'}</label>
              <input id="feed-secret" type={fromEnv ? 'text' : 'password'} required autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
            </div>
            <div className="checkbox field-wide">
              <input id="feed-from-env" type="checkbox" checked={fromEnv} onChange={(e) => setFromEnv(e.target.checked)} aria-describedby="feed-from-env-hint" />
              <div>
                <label htmlFor="feed-from-env">Read the secret from the server’s environment</label>
                <p id="feed-from-env-hint" className="hint">
                  Only the variable’s name is stored. Otherwise the secret is stored in the database, readable by whoever can read its file; it is never shown again.
                </p>
              </div>
            </div>
          </>
        )}
        <div className="form-actions field-wide">
          <button type="submit" className="button button-primary" disabled={busy}>
            Add feed
          </button>
        </div>
      </form>
      {result === undefined ? null : result.ok ? <Alert tone="success" title={`Feed ${result.name} added: the server pulls it at its next check.`} /> : <FailureAlert title="The feed was not added" failure={result} />}
    </section>
  );
}
