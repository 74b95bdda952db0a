// The warning composer (issue 7 "Release review"): write the warning for one partner, see the
// tearline that partner would receive beside it (banner, what goes, what stays and why, the
// recipient checks), then draft: the server tears, freezes and hashes the product, and the
// approvers later approve exactly those bytes.
import { useState, type FormEvent } from 'react';
import type { ReleasePreviewJson, WarningCaseDetailJson } from '../../../../src/http/wire.ts';
import { draftWarning, fetchPartners, previewWarningRelease, type ApiFailure } from '../../api.ts';
import { Alert, FailureAlert } from '../../components/Alert.tsx';
import { TearlinePreview } from '../../components/TearlinePreview.tsx';
import { useLoad } from '../../useLoad.ts';

const ELECTRONIC = ['taxii', 'webhook', 'email'] as const;
type Electronic = (typeof ELECTRONIC)[number];

export interface ComposerProps {
  readonly detail: WarningCaseDetailJson;
  readonly onDrafted: () => void;
}

/** A `datetime-local` value (read as UTC) as RFC 3339, or undefined for the server's default. */
function utc(local: string): string | undefined {
  return local === '' ? undefined : `${local.length === 16 ? `${local}:00` : local}Z`;
}

export function Composer({ detail, onDrafted }: ComposerProps) {
  const partners = useLoad((signal) => fetchPartners(signal), []);
  const list = partners.state === 'ok' ? partners.data.partners : [];
  const [partnerName, setPartnerName] = useState('');
  const partner = list.find((p) => p.name === partnerName) ?? list[0];
  const [text, setText] = useState(() => defaultText(detail));
  const [summary, setSummary] = useState(detail.case.summary);
  const [sunset, setSunset] = useState('');
  const [channels, setChannels] = useState<ReadonlySet<Electronic> | undefined>();
  const [preview, setPreview] = useState<{ readonly ok: true; readonly data: ReleasePreviewJson } | ({ readonly ok: false } & ApiFailure) | undefined>();
  const [drafted, setDrafted] = useState<{ readonly ok: true; readonly hash: string } | ({ readonly ok: false } & ApiFailure) | undefined>();
  const [busy, setBusy] = useState<'preview' | 'draft' | undefined>();

  const available: readonly Electronic[] = ELECTRONIC.filter((kind) => (partner?.profile.channels ?? []).some((c) => c.kind === kind));
  const chosen = channels ?? new Set(available);

  const runPreview = async (): Promise<void> => {
    if (partner === undefined) return;
    setBusy('preview');
    const answer = await previewWarningRelease(detail.case.id, partner.name);
    setBusy(undefined);
    setPreview(answer.ok ? { ok: true, data: answer.data } : answer);
  };
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (partner === undefined) return;
    setBusy('draft');
    const at = utc(sunset);
    const answer = await draftWarning(detail.case.id, {
      partnerName: partner.name,
      warningText: text,
      ...(summary.trim() === '' ? {} : { summary: summary.trim() }),
      ...(at === undefined ? {} : { sunset: at }),
      channels: available.filter((c) => chosen.has(c)),
    });
    setBusy(undefined);
    setDrafted(answer.ok ? { ok: true, hash: answer.data.product.sha256 } : answer);
    if (answer.ok) onDrafted();
  };

  return (
    <section className="card panel composer" aria-labelledby="composer-title" data-testid="warning-composer">
      <h2 id="composer-title" className="panel-title">
        Warning composer
      </h2>
      {partners.state === 'error' ? <FailureAlert title="Could not list partners" failure={partners.error} /> : null}
      {partners.state === 'ok' && list.length === 0 ? <p className="muted">No partner profiles exist: an administrator adds the recipient first.</p> : null}
      <div className="composer-grid">
        <form className="composer-form" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="composer-partner">Recipient</label>
            <select
              id="composer-partner"
              value={partner?.name ?? ''}
              onChange={(e) => {
                setPartnerName(e.target.value);
                setChannels(undefined);
                setPreview(undefined);
              }}
            >
              {list.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.profile.name} ({p.profile.country}, cleared {p.profile.clearance})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="composer-summary">Summary for people</label>
            <input id="composer-summary" type="text" value={summary} onChange={(e) => setSummary(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="composer-text">Warning text</label>
            <textarea id="composer-text" rows={9} value={text} onChange={(e) => setText(e.target.value)} maxLength={20_000} />
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor="composer-sunset">Sunset (UTC)</label>
              <input id="composer-sunset" type="datetime-local" value={sunset} onChange={(e) => setSunset(e.target.value)} aria-describedby="composer-sunset-hint" />
              <p id="composer-sunset-hint" className="hint">
                Empty: the end of the threat window. Every warning carries one (DOMAIN.md §1).
              </p>
            </div>
            <fieldset className="radio-row">
              <legend>Send on</legend>
              {available.length === 0 ? <span className="muted small">no electronic channel: deliver in person or by phone</span> : null}
              {available.map((kind) => (
                <label key={kind}>
                  <input
                    type="checkbox"
                    checked={chosen.has(kind)}
                    onChange={() => {
                      const next = new Set(chosen);
                      if (next.has(kind)) next.delete(kind);
                      else next.add(kind);
                      setChannels(next);
                    }}
                  />{' '}
                  {kind}
                </label>
              ))}
            </fieldset>
          </div>
          {drafted === undefined ? null : drafted.ok ? (
            <Alert tone="success" title="The warning is drafted and frozen">
              <p>
                Product hash <code className="break">{drafted.hash}</code>. Submit it for release when it is ready.
              </p>
            </Alert>
          ) : (
            <FailureAlert title="The warning was not drafted" failure={drafted} />
          )}
          <div className="form-actions">
            <button type="button" className="button" disabled={partner === undefined || busy !== undefined} onClick={() => void runPreview()}>
              {busy === 'preview' ? 'Computing…' : 'Preview release'}
            </button>
            <button type="submit" className="button button-primary" disabled={partner === undefined || busy !== undefined || text.trim() === ''}>
              {busy === 'draft' ? 'Freezing…' : 'Draft warning'}
            </button>
          </div>
        </form>
        <div className="composer-preview" aria-live="polite">
          {preview === undefined ? <p className="muted empty">Preview the release to see, beside your text, exactly what {partner?.profile.name ?? 'the recipient'} would receive and what is withheld.</p> : null}
          {preview !== undefined && !preview.ok ? <FailureAlert title="The release could not be previewed" failure={preview} /> : null}
          {preview?.ok === true ? (
            <TearlinePreview
              stacked
              partner={preview.data.recipient.name}
              marking={preview.data.marking}
              objects={preview.data.bundle.objects ?? []}
              withheld={preview.data.withheld}
              redacted={preview.data.redacted}
              basis={
                <ul className="checks">
                  {preview.data.checks.map((check) => (
                    <li key={check.rule} className={check.ok ? 'check-met' : 'check-unmet'}>
                      <span className="check-mark" aria-hidden="true">
                        {check.ok ? '✓' : '✗'}
                      </span>
                      <span>
                        <strong>{check.rule}</strong>: {check.detail}
                      </span>
                    </li>
                  ))}
                  <li className={preview.data.releasable ? 'check-met' : 'check-unmet'}>
                    <span className="check-mark" aria-hidden="true">
                      {preview.data.releasable ? '✓' : '✗'}
                    </span>
                    <span>{preview.data.releasable ? `Releasable: ${preview.data.contentCount} objects of intelligence` : 'Not releasable as it stands'}</span>
                  </li>
                </ul>
              }
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function defaultText(detail: WarningCaseDetailJson): string {
  const s = detail.case.cycle.screening;
  const lines = [`WARNING: ${detail.case.summary}`, ''];
  if (s !== null) {
    lines.push(`Threatened: ${s.victim.identity}${s.victim.country === '' ? '' : ` (${s.victim.country})`}.`);
    if (s.window.start !== null) lines.push(`Expected from ${s.window.start}${s.window.end === null ? '' : ` until ${s.window.end}`}.`);
  }
  lines.push('', 'We assess this information to be credible and specific enough to warn you. Please acknowledge receipt.');
  return lines.join('\n');
}
