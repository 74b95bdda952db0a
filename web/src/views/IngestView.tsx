// Ingest: paste or upload a STIX bundle or object and store it, as `tearline ingest` does.
import { useRef, useState, type FormEvent } from 'react';
import { postIngest, type IngestResult } from '../api.ts';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatBytes } from '../format.ts';
import { IngestSummary } from './IngestSummary.tsx';

interface Submitted {
  readonly source: string;
  readonly result: IngestResult;
}

export function IngestView() {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<Submitted | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const canSubmit = !busy && (file !== undefined || text.trim() !== '');

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    const source = file === undefined ? 'Pasted JSON' : file.name;
    const result = await postIngest(file ?? text, partial);
    setBusy(false);
    setSubmitted({ source, result });
  };
  const removeFile = (): void => {
    setFile(undefined);
    if (fileInput.current !== null) fileInput.current.value = '';
  };
  const reset = (): void => {
    setText('');
    removeFile();
    setSubmitted(undefined);
  };

  return (
    <>
      <ViewHeader
        title="Ingest"
        description="Validate and store a STIX 2.1 bundle or a single object, with the same rules as tearline ingest. By default the input is stored whole or not at all."
      />
      <div className="ingest-layout">
        <form className="card ingest-form" onSubmit={(e) => void submit(e)} aria-label="Ingest STIX">
          <div className="field">
            <label htmlFor="ingest-text">Paste a STIX bundle or object (JSON)</label>
            <textarea
              id="ingest-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={file !== undefined}
              spellCheck={false}
              autoComplete="off"
              rows={14}
              wrap="off"
              placeholder='{"type": "bundle", "id": "bundle--…", "objects": [ … ]}'
              aria-describedby={file === undefined ? undefined : 'ingest-file-note'}
            />
          </div>

          <div className="field">
            <label htmlFor="ingest-file">Or upload a file</label>
            <input
              id="ingest-file"
              ref={fileInput}
              type="file"
              accept=".json,application/json,application/stix+json"
              onChange={(e) => setFile(e.target.files?.[0])}
            />
            {file === undefined ? null : (
              <p id="ingest-file-note" className="file-note">
                <span>
                  <strong>{file.name}</strong> ({formatBytes(file.size)}) will be ingested instead of the pasted text.
                </span>
                <button type="button" className="button button-small" onClick={removeFile}>
                  Remove file
                </button>
              </p>
            )}
          </div>

          <div className="checkbox">
            <input id="ingest-partial" type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} aria-describedby="ingest-partial-help" />
            <div>
              <label htmlFor="ingest-partial">
                Partial ingest <code>--partial</code>
              </label>
              <p id="ingest-partial-help" className="hint">
                Store the valid objects and report the rejected ones. Without it, one bad object rejects the whole input.
              </p>
            </div>
          </div>

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
              <p className="muted">The summary appears here: objects received, stored, unchanged and rejected, and every error with the object, path and reason.</p>
            </div>
          ) : (
            <IngestSummary source={submitted.source} result={submitted.result} />
          )}
        </section>
      </div>
    </>
  );
}
