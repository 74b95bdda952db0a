// A tearline side by side: what the partner receives (under the product's banner line), and
// what is withheld or cut out, each with the policy's reasons (src/policy/reasons.ts). Used
// by the partners view and the warning composer.
import type { ReactNode } from 'react';
import type { ProductMarkingJson, RedactedPropertyJson, StixObjectJson, WithheldObjectJson } from '../../../src/http/wire.ts';
import { displayName } from '../stixDisplay.ts';
import { ClassificationBanner, type ClassificationLevel } from './ClassificationBanner.tsx';
import { JsonView } from './JsonView.tsx';

export interface TearlinePreviewProps {
  readonly partner: string;
  readonly marking: ProductMarkingJson;
  readonly objects: readonly StixObjectJson[];
  readonly withheld: readonly WithheldObjectJson[];
  readonly redacted: readonly RedactedPropertyJson[];
  /** Extra facts under the banner (policy version, mode, checks). */
  readonly basis?: ReactNode;
  /** One column under the other, for narrow places (the composer). */
  readonly stacked?: boolean;
}

const LEVELS: readonly ClassificationLevel[] = ['U', 'C', 'S', 'TS'];

export function levelOf(marking: ProductMarkingJson): ClassificationLevel {
  const c = marking.marking.classification;
  return c !== undefined && LEVELS.includes(c) ? c : 'U';
}

/** Marking definitions and the releasing identity are packaging; the partner reads the rest. */
function isContent(object: StixObjectJson): boolean {
  return object.type !== 'marking-definition' && object.type !== 'extension-definition';
}

export function TearlinePreview({ partner, marking, objects, withheld, redacted, basis, stacked = false }: TearlinePreviewProps) {
  const content = objects.filter(isContent);
  return (
    <div className="tearline" data-testid="tearline-preview">
      <div className="tearline-banner">
        <ClassificationBanner level={levelOf(marking)} text={marking.banner} />
        <p className="tearline-banner-line">
          <span className="muted">Banner line:</span> <strong data-testid="tearline-banner">{marking.banner}</strong>
          {marking.tlp === undefined ? null : <span className="tag tag-info">{marking.tlp}</span>}
          {marking.pap === undefined ? null : <span className="tag tag-info">{marking.pap}</span>}
        </p>
        {basis}
      </div>
      <div className={`tearline-columns${stacked ? ' tearline-stacked' : ''}`}>
        <section className="tearline-column" aria-labelledby="tl-receives">
          <h3 id="tl-receives" className="tearline-heading tearline-receives">
            What {partner} receives <span className="count">{content.length}</span>
          </h3>
          {content.length === 0 ? <p className="empty">Nothing: every portion is withheld.</p> : null}
          <ul className="released-list">
            {content.map((object) => (
              <li key={object.id}>
                <span className="type-tag">{object.type}</span> {displayName(object)}
              </li>
            ))}
          </ul>
          <details>
            <summary>The bundle as sent ({objects.length} objects)</summary>
            <JsonView value={{ type: 'bundle', objects }} label="Released bundle" />
          </details>
        </section>
        <section className="tearline-column" aria-labelledby="tl-withheld">
          <h3 id="tl-withheld" className="tearline-heading tearline-withheld">
            Withheld and why <span className="count">{withheld.length + redacted.length}</span>
          </h3>
          {withheld.length === 0 && redacted.length === 0 ? <p className="empty">Nothing withheld.</p> : null}
          <ul className="withheld-list" data-testid="tearline-withheld">
            {withheld.map((w) => (
              <li key={w.id}>
                <p>
                  <span className="type-tag">{w.type}</span> <code className="object-id">{w.id}</code>
                </p>
                <ReasonList reasons={w.reasons} />
              </li>
            ))}
            {redacted.map((r) => (
              <li key={`${r.id}|${r.selector}`}>
                <p>
                  <span className="tag tag-pending">cut</span> <code>{r.selector}</code> of <code className="object-id">{r.id}</code>
                </p>
                <ReasonList reasons={r.reasons} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function ReasonList({ reasons }: { readonly reasons: readonly { readonly code: string; readonly message: string }[] }) {
  return (
    <ul className="reasons">
      {reasons.map((reason, index) => (
        <li key={index}>
          <span className="code-tag">{reason.code}</span> {reason.message}
        </li>
      ))}
    </ul>
  );
}
