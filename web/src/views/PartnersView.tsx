// Partners (issue 4): the organisations we share with and their profiles; for a chosen partner,
// a tearline preview of a threat or of objects: what the partner would receive, what stays
// and why, under the recomputed banner line. A preview stores and releases nothing.
import { useState, type FormEvent } from 'react';
import type { PartnerJson, TearlinePreviewResponse } from '../../../src/http/wire.ts';
import { fetchPartners, fetchThreats, previewTearline, type ApiFailure } from '../api.ts';
import { FailureAlert } from '../components/Alert.tsx';
import { TearlinePreview } from '../components/TearlinePreview.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatTimestamp } from '../format.ts';
import { hrefFor, type Route } from '../routing.ts';
import { CLEARANCE_LABELS, useSession } from '../session/session.ts';
import { threatTitle } from '../threatDisplay.ts';
import { useLoad } from '../useLoad.ts';

export function PartnersView({ route }: { readonly route: Route }) {
  const selected = route.params[0];
  const partners = useLoad((signal) => fetchPartners(signal), []);
  const list = partners.state === 'ok' ? partners.data.partners : [];
  const partner = list.find((p) => p.name === selected);

  return (
    <>
      <ViewHeader title="Partners" description="The organisations we share with. Choose one to see its profile and preview the tearline it would receive." />
      <div className="split partners-split">
        <section className="card pane list-pane" aria-labelledby="partners-list-title">
          <h2 id="partners-list-title" className="pane-title">
            Partners
          </h2>
          <div className="pane-body">
            {partners.state === 'loading' ? <p className="muted loading">Loading partners…</p> : null}
            {partners.state === 'error' ? <FailureAlert title="Could not list partners" failure={partners.error} /> : null}
            {partners.state === 'ok' && list.length === 0 ? (
              <p className="empty">
                No partners yet. An administrator adds them with <code>tearline partner add</code> or <code>PUT /api/partners/:name</code>.
              </p>
            ) : null}
            <ul className="partner-list" data-testid="partner-list">
              {list.map((p) => (
                <li key={p.name}>
                  <a className={`partner-item${p.name === selected ? ' partner-selected' : ''}`} href={hrefFor('partners', p.name)} aria-current={p.name === selected ? 'true' : undefined}>
                    <span className="partner-name">{p.profile.name}</span>
                    <span className="partner-meta">
                      <span className="country-tag">{p.profile.country}</span> {p.profile.organization} · cleared {p.profile.clearance}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section className="card pane detail-pane" aria-labelledby="partner-title">
          {partner === undefined ? (
            <div className="empty-detail">
              <h2 id="partner-title">{selected === undefined ? 'No partner selected' : `No partner “${selected}”`}</h2>
              <p className="muted">Choose a partner in the list.</p>
            </div>
          ) : (
            <PartnerDetail key={partner.name} partner={partner} />
          )}
        </section>
      </div>
    </>
  );
}

function PartnerDetail({ partner }: { readonly partner: PartnerJson }) {
  const { can } = useSession();
  const p = partner.profile;
  return (
    <div className="detail" data-testid="partner-detail">
      <header className="detail-header">
        <h2 id="partner-title" className="detail-title">
          {p.name}
        </h2>
        <p className="detail-meta muted">
          <code>{partner.name}</code> · profile version {partner.version} · updated {formatTimestamp(partner.updatedAt)}
        </p>
      </header>
      <dl className="facts facts-grid">
        <dt>Organisation</dt>
        <dd>{p.organization}</dd>
        <dt>Country</dt>
        <dd>{p.country}</dd>
        <dt>Cleared to</dt>
        <dd>{CLEARANCE_LABELS[p.clearance] ?? p.clearance}</dd>
        <dt>Communities</dt>
        <dd>{p.communities.length === 0 ? 'none' : p.communities.join(', ')}</dd>
        <dt>Channels</dt>
        <dd>{(p.channels ?? []).length === 0 ? 'none' : (p.channels ?? []).map((c) => `${c.kind}${c.address === undefined ? '' : ` ${c.address}`}${c.note === undefined ? '' : ` (${c.note})`}`).join('; ')}</dd>
        <dt>Standing consents</dt>
        <dd>{(p.consents ?? []).length === 0 ? 'none' : (p.consents ?? []).map((c) => `${c.type}${c.max_tlp === undefined ? '' : ` up to TLP:${c.max_tlp.toUpperCase()}`}${c.reference === undefined ? '' : ` (${c.reference})`}`).join('; ')}</dd>
        <dt>Identity</dt>
        <dd className="mono break">{partner.identityRef}</dd>
      </dl>
      {can('warnings.read') ? (
        <PreviewForm partner={partner} />
      ) : (
        <p className="hint">Tearline previews need the warnings.read permission, which your roles do not grant.</p>
      )}
    </div>
  );
}

function PreviewForm({ partner }: { readonly partner: PartnerJson }) {
  const threats = useLoad((signal) => fetchThreats({ status: 'active', limit: 200 }, signal), []);
  const [source, setSource] = useState<'threat' | 'objects'>('threat');
  const [threatId, setThreatId] = useState('');
  const [objectIds, setObjectIds] = useState('');
  const [mode, setMode] = useState<'' | 'release' | 'disclosure'>('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ readonly ok: true; readonly data: TearlinePreviewResponse } | ({ readonly ok: false } & ApiFailure) | undefined>();
  const options = threats.state === 'ok' ? threats.data.threats : [];
  const chosenThreat = threatId === '' ? options[0]?.id : threatId;
  const ids = objectIds.split(/[\s,]+/).filter((s) => s !== '');
  const ready = source === 'threat' ? chosenThreat !== undefined : ids.length > 0;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    const answer = await previewTearline({
      partner: partner.name,
      ...(source === 'threat' ? { threatId: chosenThreat } : { objectIds: ids }),
      ...(mode === '' ? {} : { mode }),
    });
    setBusy(false);
    setResult(answer.ok ? { ok: true, data: answer.data } : answer);
  };

  return (
    <section className="preview" aria-labelledby="preview-title">
      <h3 id="preview-title" className="subhead">
        Tearline preview
      </h3>
      <form className="preview-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="radio-row preview-source">
          <legend>Release</legend>
          <label>
            <input type="radio" name="preview-source" checked={source === 'threat'} onChange={() => setSource('threat')} /> a threat
          </label>
          <label>
            <input type="radio" name="preview-source" checked={source === 'objects'} onChange={() => setSource('objects')} /> objects by id
          </label>
        </fieldset>
        {source === 'threat' ? (
          <div className="field field-grow">
            <label htmlFor="preview-threat">Threat</label>
            <select id="preview-threat" value={chosenThreat ?? ''} onChange={(e) => setThreatId(e.target.value)} disabled={options.length === 0}>
              {options.length === 0 ? <option value="">{threats.state === 'loading' ? 'Loading…' : 'No active threats'}</option> : null}
              {options.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.priority === null ? '' : `${t.priority.band} · `}
                  {threatTitle(t)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field field-grow">
            <label htmlFor="preview-objects">Object ids (space or comma separated)</label>
            <input id="preview-objects" type="text" value={objectIds} onChange={(e) => setObjectIds(e.target.value)} spellCheck={false} autoComplete="off" />
          </div>
        )}
        <div className="field">
          <label htmlFor="preview-mode">Mode</label>
          <select id="preview-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="">policy default</option>
            <option value="release">release (the partner keeps a copy)</option>
            <option value="disclosure">disclosure (shown or told)</option>
          </select>
        </div>
        <div className="field-actions">
          <button type="submit" className="button button-primary" disabled={busy || !ready}>
            {busy ? 'Computing…' : 'Preview tearline'}
          </button>
        </div>
      </form>
      {result === undefined ? null : result.ok ? (
        <TearlinePreview
          partner={partner.profile.name}
          marking={result.data.marking}
          objects={result.data.bundle.objects ?? []}
          withheld={result.data.withheld}
          redacted={result.data.redacted}
          basis={
            <p className="muted small">
              Profile version {result.data.basis.partnerVersion} · {result.data.basis.policyVersion === null ? 'default release policy' : `release policy version ${result.data.basis.policyVersion}`} · mode {result.data.basis.mode} · {result.data.basis.objects} objects considered
            </p>
          }
        />
      ) : (
        <FailureAlert title="The tearline could not be computed" failure={result} />
      )}
    </section>
  );
}
