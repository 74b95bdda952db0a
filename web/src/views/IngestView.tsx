// Ingest: paste or upload a report text (field report, news article), a STIX bundle or
// object, a MISP event or a CSV indicator list, and store it as `tearline ingest` does. A
// report text comes back with what the extractor found, marked in the text; a large file
// shows its upload progress.
import { useRef, useState, type FormEvent } from 'react';
import type { IngestFormatName } from '../../../src/http/wire.ts';
import { postIngest, type IngestResult } from '../api.ts';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatBytes } from '../format.ts';
import { ExtractionView } from './ingest/ExtractionView.tsx';
import { IngestSummary } from './IngestSummary.tsx';

const FORMATS: readonly { readonly id: IngestFormatName; readonly label: string; readonly paste: string; readonly placeholder: string }[] = [
  { id: 'text', label: 'Report text (field report, news article)', paste: 'Paste a report text', placeholder: 'SECRET//REL TO USA, GBR\n\nFIELD REPORT: …\n\n(S//REL TO USA, GBR) A source reports that …' },
  { id: 'stix', label: 'STIX 2.1 bundle or object (JSON)', paste: 'Paste a STIX bundle or object (JSON)', placeholder: '{"type": "bundle", "id": "bundle--…", "objects": [ … ]}' },
  { id: 'misp', label: 'MISP event (JSON)', paste: 'Paste a MISP event (JSON)', placeholder: '{"Event": {"uuid": "…", "info": "…", "Attribute": [ … ]}}' },
  { id: 'csv', label: 'CSV indicator list (header row: type,value,…)', paste: 'Paste a CSV indicator list', placeholder: 'type,value,description\nipv4-addr,198.51.100.7,relay' },
];

/** Files above this show their upload progress (smaller ones are up before a bar could be read). */
const PROGRESS_FROM_BYTES = 256 * 1024;
/** A report text the server would refuse (src/ingest/text/input.ts MAX_REPORT_TEXT_BYTES). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

interface Submitted {
  readonly source: string;
  readonly result: IngestResult;
  /** The text the mentions' offsets point into, when it is a report text we can show. */
  readonly text: string | undefined;
}

type Progress = { readonly phase: 'upload'; readonly sent: number; readonly total: number } | { readonly phase: 'server' };

/** The format a file's name suggests, if any. */
function formatOfFile(file: File): IngestFormatName | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'csv';
  if (name.endsWith('.txt') || name.endsWith('.md') || file.type === 'text/plain') return 'text';
  if (name.endsWith('.json')) return undefined;
  return undefined;
}

export function IngestView() {
  const [format, setFormat] = useState<IngestFormatName>('text');
  const [text, setText] = useState('');
  const [published, setPublished] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [partial, setPartial] = useState(false);
  const [progress, setProgress] = useState<Progress | undefined>();
  const [submitted, setSubmitted] = useState<Submitted | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = progress !== undefined;
  const chosen = FORMATS.find((f) => f.id === format) ?? (FORMATS[0] as (typeof FORMATS)[number]);

  const canSubmit = !busy && (file !== undefined || text.trim() !== '');

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!canSubmit) return;
    const body = file ?? text;
    const size = file === undefined ? new Blob([text]).size : file.size;
    const showUpload = size >= PROGRESS_FROM_BYTES;
    setProgress(showUpload ? { phase: 'upload', sent: 0, total: size } : { phase: 'server' });
    const result = await postIngest(
      { body, format, partial, ...(format === 'text' && published !== '' ? { published } : {}), ...(file === undefined ? {} : { name: file.name }) },
      showUpload ? (sent, total) => setProgress(sent >= (total || size) ? { phase: 'server' } : { phase: 'upload', sent, total: total || size }) : undefined,
    );
    // The offsets point into the text as the server read it: the pasted text, or the file's.
    const shownText = format !== 'text' ? undefined : file === undefined ? text : file.size <= MAX_TEXT_BYTES ? await file.text() : undefined;
    setProgress(undefined);
    setSubmitted({ source: file === undefined ? `Pasted ${format === 'text' ? 'report' : format.toUpperCase()}` : file.name, result, text: shownText });
  };
  const removeFile = (): void => {
    setFile(undefined);
    if (fileInput.current !== null) fileInput.current.value = '';
  };
  const chooseFile = (next: File | undefined): void => {
    setFile(next);
    const suggested = next === undefined ? undefined : formatOfFile(next);
    if (suggested !== undefined) setFormat(suggested);
    else if (next !== undefined && format !== 'stix' && format !== 'misp') setFormat('stix');
  };
  const reset = (): void => {
    setText('');
    setPublished('');
    removeFile();
    setSubmitted(undefined);
  };

  const outcome = submitted?.result.kind === 'outcome' ? submitted.result.outcome : undefined;
  return (
    <>
      <ViewHeader
        title="Ingest"
        description="Paste or upload a report text, a STIX 2.1 bundle, a MISP event or a CSV indicator list. It is validated and stored with the same rules as tearline ingest: whole or not at all, unless you ask for a partial ingest. A report text shows what was found in it."
      />
      <div className="ingest-layout">
        <form className="card ingest-form" onSubmit={(e) => void submit(e)} aria-label="Ingest an input">
          <div className="field">
            <label htmlFor="ingest-format">Format</label>
            <select id="ingest-format" value={format} onChange={(e) => setFormat(e.target.value as IngestFormatName)} disabled={busy}>
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>

          <div className="field">
            <label htmlFor="ingest-text">{chosen.paste}</label>
            <textarea
              id="ingest-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={file !== undefined || busy}
              spellCheck={format === 'text'}
              autoComplete="off"
              rows={14}
              wrap={format === 'text' ? 'soft' : 'off'}
              placeholder={chosen.placeholder}
              aria-describedby={file === undefined ? undefined : 'ingest-file-note'}
            />
          </div>

          {format === 'text' ? (
            <div className="field">
              <label htmlFor="ingest-published">Publication date (optional)</label>
              <input id="ingest-published" type="date" value={published} onChange={(e) => setPublished(e.target.value)} aria-describedby="ingest-published-help" disabled={busy} />
              <p id="ingest-published-help" className="hint">
                Relative dates (“within 48 hours”, “on Friday”) resolve against it. Empty: the date in the report’s dateline, else today.
              </p>
            </div>
          ) : null}

          <div className="field">
            <label htmlFor="ingest-file">Or upload a file</label>
            <input
              id="ingest-file"
              ref={fileInput}
              type="file"
              accept=".txt,.md,.json,.csv,text/plain,text/csv,application/json,application/stix+json"
              onChange={(e) => chooseFile(e.target.files?.[0])}
              disabled={busy}
            />
            {file === undefined ? null : (
              <p id="ingest-file-note" className="file-note">
                <span>
                  <strong>{file.name}</strong> ({formatBytes(file.size)}) will be ingested as {chosen.label.toLowerCase()} instead of the pasted text.
                </span>
                <button type="button" className="button button-small" onClick={removeFile} disabled={busy}>
                  Remove file
                </button>
              </p>
            )}
          </div>

          <div className="checkbox">
            <input id="ingest-partial" type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} aria-describedby="ingest-partial-help" disabled={busy} />
            <div>
              <label htmlFor="ingest-partial">
                Partial ingest <code>--partial</code>
              </label>
              <p id="ingest-partial-help" className="hint">
                Store the valid objects and report the rejected ones. Without it, one bad object rejects the whole input.
              </p>
            </div>
          </div>

          {progress === undefined ? null : <IngestProgress progress={progress} format={format} />}

          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={!canSubmit}>
              {busy ? 'Ingesting…' : 'Ingest'}
            </button>
            <button type="button" className="button" onClick={reset} disabled={busy}>
              Clear
            </button>
          </div>
        </form>

        <section className="ingest-result" aria-labelledby="ingest-result-title" aria-live="polite" aria-busy={busy}>
          <h2 id="ingest-result-title" className="visually-hidden">
            Result
          </h2>
          {submitted === undefined ? (
            <div className="card empty-result">
              <p className="muted">The summary appears here: objects received, stored, unchanged and rejected, and every error with the object, path and reason. A report text also shows what was found in it: groups, places, sites, dates, methods, observables and markings.</p>
            </div>
          ) : (
            <>
              <IngestSummary source={submitted.source} result={submitted.result} />
              {outcome?.extraction === undefined ? null : <ExtractionView text={submitted.text} extraction={outcome.extraction} />}
            </>
          )}
        </section>
      </div>
    </>
  );
}

function IngestProgress({ progress, format }: { readonly progress: Progress; readonly format: IngestFormatName }) {
  const label =
    progress.phase === 'upload'
      ? `Uploading: ${formatBytes(progress.sent)} of ${formatBytes(progress.total)}`
      : format === 'text'
        ? 'Extracting, validating and storing…'
        : 'Validating and storing…';
  return (
    <div className="field ingest-progress" data-testid="ingest-progress">
      <label htmlFor="ingest-progress-bar">{label}</label>
      {/* Without a value the bar is indeterminate: the server does not report its own progress. */}
      {progress.phase === 'upload' ? <progress id="ingest-progress-bar" max={progress.total} value={progress.sent} /> : <progress id="ingest-progress-bar" />}
    </div>
  );
}
