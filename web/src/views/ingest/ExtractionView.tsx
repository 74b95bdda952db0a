// What the extractor found in a report text, shown in the text: each mention marked with its
// kind's colour and underline and followed by the kind's name, a legend with counts, and the
// same mentions as a table for reading one by one.
import type { TextExtractionJson } from '../../../../src/http/wire.ts';
import { formatCount } from '../../format.ts';
import { hrefFor } from '../../routing.ts';
import { kindLabel, MENTION_KINDS, resolvedAs, segmentText } from './mentionKinds.ts';

export function ExtractionView({ text, extraction }: { readonly text: string | undefined; readonly extraction: TextExtractionJson }) {
  const counts = new Map<string, number>();
  for (const m of extraction.mentions) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const cut = text === undefined ? undefined : segmentText(text, extraction.mentions);
  const publishedFrom = { given: 'as given', stated: 'from the report’s dateline', today: 'today: the report states no date' }[extraction.publishedFrom];

  return (
    <section className="card extraction" aria-labelledby="extraction-title" data-testid="extraction">
      <h2 id="extraction-title" className="panel-title">
        What the text mentions
      </h2>
      <p className="muted small">
        {formatCount(extraction.mentions.length)} mentions became {formatCount(extraction.objectCount)} STIX objects. Dates resolved against {extraction.published} ({publishedFrom}).
        {extraction.reportId === undefined ? null : (
          <>
            {' '}
            <a href={hrefFor('objects', extraction.reportId)}>Open the stored report</a> · <a href={hrefFor('threats')}>See the threat board</a>
          </>
        )}
      </p>
      <ul className="mention-legend" aria-label="Legend: kinds of mention" data-testid="mention-legend">
        {MENTION_KINDS.map(({ kind, label, means }) => (
          <li key={kind} className={`legend-item mention-${kind}`} title={means}>
            <span className="legend-swatch" aria-hidden="true" />
            <span className="legend-label">{label}</span>
            <span className="legend-count">{formatCount(counts.get(kind) ?? 0)}</span>
          </li>
        ))}
      </ul>
      {cut === undefined ? (
        <p className="muted">The file’s text is not shown here; the mentions are listed below.</p>
      ) : (
        <>
          <div className="extraction-text" tabIndex={0} role="document" aria-label="The report text with its mentions marked" data-testid="extraction-text">
            {cut.segments.map((segment, i) =>
              segment.kind === 'text' ? (
                <span key={i}>{segment.text}</span>
              ) : (
                <mark key={i} className={`mention mention-${segment.mention.kind}`} data-kind={segment.mention.kind} title={`${kindLabel(segment.mention.kind)}${resolvedAs(segment.mention) === '' ? '' : `: ${resolvedAs(segment.mention)}`}`}>
                  {segment.mention.text}
                  <span className="mention-tag">{kindLabel(segment.mention.kind)}</span>
                </mark>
              ),
            )}
          </div>
          {cut.misplaced > 0 ? <p className="muted small">{formatCount(cut.misplaced)} mentions could not be placed in the text as shown (it differs from what the server read); they are in the table.</p> : null}
        </>
      )}
      <details className="mention-details">
        <summary>Every mention ({formatCount(extraction.mentions.length)})</summary>
        <table className="table compact">
          <caption className="visually-hidden">Mentions in the order they appear</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Text</th>
              <th scope="col">Characters</th>
              <th scope="col">Resolved as</th>
            </tr>
          </thead>
          <tbody>
            {[...extraction.mentions]
              .sort((a, b) => a.start - b.start)
              .map((m, i) => (
                <tr key={i}>
                  <td>
                    <span className={`kind-chip mention-${m.kind}`}>{kindLabel(m.kind)}</span>
                  </td>
                  <td className="break">{m.text}</td>
                  <td className="mono small nowrap">
                    {m.start}–{m.end}
                  </td>
                  <td className="small break">{resolvedAs(m)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
