// Small at-a-glance values shared by the threat board and the threat view.
import type { ImminenceName, PriorityBandName, SpecificityVectorJson } from '../../../src/http/wire.ts';
import { BAND_LABEL, CREDIBILITY_LABEL, DIMENSION_LABEL, DIMENSION_LETTER, DIMENSIONS, IMMINENCE_LABEL } from '../threatDisplay.ts';

export function PriorityChip({ priority }: { readonly priority: { readonly band: PriorityBandName; readonly score: number } | null }) {
  if (priority === null) return <span className="muted">not assessed</span>;
  return (
    <span className={`band band-${priority.band.toLowerCase()}`} title={`${BAND_LABEL[priority.band]} priority, score ${priority.score} of 100`}>
      <span className="band-name">{priority.band}</span>
      <span className="band-score">{Math.round(priority.score)}</span>
    </span>
  );
}

export function ImminenceChip({ imminence }: { readonly imminence: ImminenceName | null }) {
  if (imminence === null) return <span className="muted">—</span>;
  return (
    <span className={`imminence imminence-${imminence}`}>
      <span className="imminence-class">{imminence === 'expired' ? 'Expired' : imminence}</span>
      <span className="imminence-label">{IMMINENCE_LABEL[imminence]}</span>
    </span>
  );
}

export function DutyToWarnFlag({ flagged }: { readonly flagged: boolean }) {
  return flagged ? (
    <span className="dtw dtw-on" title="Meets the duty-to-warn trigger (DOMAIN.md §1)">
      Duty to warn
    </span>
  ) : (
    <span className="dtw dtw-off">No duty</span>
  );
}

export function CredibilityValue({ credibility }: { readonly credibility: { readonly grade: number; readonly confidence: number | null | undefined } | null }) {
  if (credibility === null) return <span className="muted">—</span>;
  return (
    <span className="credibility" title={`Information credibility ${credibility.grade}: ${CREDIBILITY_LABEL[credibility.grade] ?? ''}`}>
      <span className={`grade grade-${credibility.grade}`}>{credibility.grade}</span>
      <span className="credibility-text">
        <span>{CREDIBILITY_LABEL[credibility.grade] ?? ''}</span>
        {credibility.confidence === null || credibility.confidence === undefined ? null : <span className="muted small">{`confidence ${credibility.confidence}`}</span>}
      </span>
    </span>
  );
}

/** Six cells, one per DOMAIN.md §3 dimension: empty 0 unknown, half 1 general, full 2 specific. */
export function SpecificityBar({ specificity }: { readonly specificity: { readonly vector: SpecificityVectorJson; readonly total: number } | null }) {
  if (specificity === null) return <span className="muted">—</span>;
  const title = DIMENSIONS.map((d) => `${DIMENSION_LABEL[d]} ${specificity.vector[d]}`).join(', ');
  return (
    <span className="specificity" title={`Specificity ${specificity.total}/12: ${title}`} aria-label={`Specificity ${specificity.total} of 12: ${title}`}>
      <span className="spec-cells" aria-hidden="true">
        {DIMENSIONS.map((d) => (
          <span key={d} className={`spec-cell spec-${specificity.vector[d]}`}>
            {DIMENSION_LETTER[d]}
          </span>
        ))}
      </span>
      <span className="spec-total">{`${specificity.total}/12`}</span>
    </span>
  );
}
