// Confirms one analyst decision about a threat (issue 6: merge, split, pin, reject) with an
// optional note for the record, sends it, and reports the server's refusal if there is one.
import { useState, type FormEvent } from 'react';
import { postThreatDecision, type ApiFailure, type ThreatDecisionKind } from '../../api.ts';
import { FailureAlert } from '../../components/Alert.tsx';

export interface PendingDecision {
  readonly kind: ThreatDecisionKind;
  /** The question, e.g. “Reject ‘Intercept summary’ from this threat?” */
  readonly question: string;
  /** What happens, in a sentence. */
  readonly effect: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface DecisionConfirmProps {
  readonly threatId: string;
  readonly pending: PendingDecision;
  readonly onCancel: () => void;
  readonly onDone: () => void;
}

export function DecisionConfirm({ threatId, pending, onCancel, onDone }: DecisionConfirmProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const answer = await postThreatDecision(threatId, pending.kind, { ...pending.body, ...(note.trim() === '' ? {} : { note: note.trim() }) });
    setBusy(false);
    if (answer.ok) onDone();
    else setFailure(answer);
  };

  return (
    <form className="decision-confirm" onSubmit={(e) => void submit(e)} aria-label="Confirm decision" data-testid="decision-confirm">
      <p className="decision-question">{pending.question}</p>
      <p className="hint">{pending.effect} Your decision is kept across re-fusion and recorded in the audit log.</p>
      <div className="field">
        <label htmlFor="decision-note">Note for the record (optional)</label>
        <input id="decision-note" type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} autoFocus />
      </div>
      {failure === undefined ? null : <FailureAlert title="The decision was refused" failure={failure} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Confirm'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
