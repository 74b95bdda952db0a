// One threat: what it is at a glance (priority, duty to warn, imminence, window, credibility,
// specificity), then tabs: the map and the graph of its facts, the reports with their source
// grades, the links with their evidence, the assessment with its explanation, and a timeline.
// Analysts (warnings.draft) confirm, reject, split and merge from here; the map and the graph
// load their libraries only when the threat is opened.
import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { fetchThreat } from '../../api.ts';
import { FailureAlert } from '../../components/Alert.tsx';
import { CredibilityValue, DutyToWarnFlag, ImminenceChip, PriorityChip, SpecificityBar } from '../../components/Chips.tsx';
import { formatRelative, formatTimestamp } from '../../format.ts';
import { hrefFor } from '../../routing.ts';
import { useSession } from '../../session/session.ts';
import { HARM_LABEL, SEVERITY_LABEL, threatTitle } from '../../threatDisplay.ts';
import { useLoad } from '../../useLoad.ts';
import { useNow } from '../../useNow.ts';
import { AssessmentPanel } from './AssessmentPanel.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { ReportsPanel } from './ReportsPanel.tsx';
import { ThreatTimeline } from './ThreatTimeline.tsx';

const ThreatMap = lazy(() => import('./ThreatMap.tsx'));
const ThreatGraph = lazy(() => import('./ThreatGraph.tsx'));

const TABS = [
  { id: 'overview', label: 'Map and graph' },
  { id: 'reports', label: 'Reports' },
  { id: 'evidence', label: 'Links and evidence' },
  { id: 'assessment', label: 'Assessment' },
  { id: 'timeline', label: 'Timeline' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function ThreatView({ id }: { readonly id: string }) {
  const [revision, setRevision] = useState(0);
  const loaded = useLoad((signal) => fetchThreat(id, signal), [id, revision]);
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  // Keep showing the last good threat while a decision reloads it.
  const [last, setLast] = useState<ThreatDetailJson | undefined>();
  if (loaded.state === 'ok' && loaded.data !== last) setLast(loaded.data);

  if (loaded.state === 'error') {
    return (
      <>
        <BackToBoard />
        <header className="view-header">
          <h1 id="view-title" tabIndex={-1}>
            Threat
          </h1>
        </header>
        {loaded.error.status === 404 ? (
          <div className="card">
            <p>
              There is no threat <code>{id}</code> that you may see. It may have been merged into another threat, or its reporting is above your clearance.
            </p>
          </div>
        ) : (
          <FailureAlert title="Could not load this threat" failure={loaded.error} />
        )}
      </>
    );
  }
  if (last === undefined || last.id !== id) {
    return (
      <>
        <BackToBoard />
        <p className="muted loading">Loading the threat…</p>
      </>
    );
  }
  return <ThreatDetail threat={last} reload={reload} />;
}

function BackToBoard() {
  return (
    <p className="breadcrumb">
      <a href={hrefFor('threats')}>‹ Threat board</a>
    </p>
  );
}

function ThreatDetail({ threat, reload }: { readonly threat: ThreatDetailJson; readonly reload: () => void }) {
  const { can } = useSession();
  const [tab, setTab] = useState<TabId>('overview');
  const [merging, setMerging] = useState(false);
  const now = useNow(15_000);
  const decides = can('warnings.draft') && threat.status === 'active';

  return (
    <div className="threat" data-testid="threat-view">
      <BackToBoard />
      <header className="view-header threat-header">
        <div className="view-title-row">
          <h1 id="view-title" tabIndex={-1}>
            {threatTitle(threat)}
          </h1>
          {threat.status === 'active' ? null : <span className="tag tag-pending">{threat.status}</span>}
          <div className="header-actions">
            {decides ? (
              <button type="button" className="button" onClick={() => setMerging(true)}>
                Merge threats…
              </button>
            ) : null}
          </div>
        </div>
        <p className="view-description">
          <code>{threat.id}</code>
          {threat.mergedInto === null ? null : (
            <>
              {' '}
              · merged into <a href={hrefFor('threats', threat.mergedInto)}>{threat.mergedInto}</a>
            </>
          )}
          {' '}· {threat.reportCount} {threat.reportCount === 1 ? 'report' : 'reports'} · updated {formatTimestamp(threat.updatedAt)}
        </p>
      </header>

      <section className="glance" aria-label="At a glance">
        <Glance label="Priority">
          <PriorityChip priority={threat.priority} />
        </Glance>
        <Glance label="Duty to warn">
          <DutyToWarnFlag flagged={threat.dutyToWarn} />
        </Glance>
        <Glance label="Imminence">
          <ImminenceChip imminence={threat.imminence} />
        </Glance>
        <Glance label="Window">
          {threat.window === null ? (
            <span className="muted">unknown</span>
          ) : (
            <span className="glance-stack" title={`${formatTimestamp(threat.window.start)} – ${formatTimestamp(threat.window.end)}`}>
              <span className="glance-text">{formatTimestamp(threat.window.start)}</span>
              <span className="muted small">{Date.parse(threat.window.start) > now ? `opens ${formatRelative(threat.window.start, now)}` : `closes ${formatRelative(threat.window.end, now)}`}</span>
            </span>
          )}
        </Glance>
        <Glance label="Credibility">
          <CredibilityValue credibility={threat.credibility} />
        </Glance>
        <Glance label="Specificity">
          <SpecificityBar specificity={threat.specificity} />
        </Glance>
        <Glance label="Harm">
          <span className="glance-stack">
            <span className="glance-text">{threat.harm === null ? '—' : HARM_LABEL[threat.harm] ?? threat.harm}</span>
            {threat.severity === null ? null : <span className="muted small">{SEVERITY_LABEL[threat.severity]}</span>}
          </span>
        </Glance>
      </section>

      <div className="tabs" role="tablist" aria-label="Threat details">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              const index = TABS.findIndex((x) => x.id === tab);
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              const nextTab = TABS[(index + step + TABS.length) % TABS.length];
              if (nextTab === undefined) return;
              setTab(nextTab.id);
              document.getElementById(`tab-${nextTab.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>

      <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'overview' ? (
          <div className="overview-grid">
            <Suspense fallback={<div className="card map-card muted loading">Loading the map…</div>}>
              <ThreatMap threat={threat} />
            </Suspense>
            <Suspense fallback={<div className="card graph-card muted loading">Loading the graph…</div>}>
              <ThreatGraph threat={threat} />
            </Suspense>
          </div>
        ) : null}
        {tab === 'reports' ? <ReportsPanel threat={threat} decides={decides} onDecided={reload} /> : null}
        {tab === 'evidence' ? <EvidencePanel threat={threat} decides={decides} onDecided={reload} /> : null}
        {tab === 'assessment' ? <AssessmentPanel threat={threat} /> : null}
        {tab === 'timeline' ? <ThreatTimeline threat={threat} now={now} /> : null}
      </section>

      {merging ? (
        <MergeDialog
          threat={threat}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function Glance({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="glance-item">
      <span className="glance-label">{label}</span>
      <span className="glance-value">{children}</span>
    </div>
  );
}
