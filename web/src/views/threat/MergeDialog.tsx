// Merging: pick other active threats to fold into this one (issue 6). Their reports are
// pinned here and they are retired as merged.
import { useState } from 'react';
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { fetchThreats } from '../../api.ts';
import { FailureAlert } from '../../components/Alert.tsx';
import { PriorityChip } from '../../components/Chips.tsx';
import { Modal } from '../../components/Modal.tsx';
import { threatTitle } from '../../threatDisplay.ts';
import { useLoad } from '../../useLoad.ts';
import { DecisionConfirm } from './DecisionConfirm.tsx';

export interface MergeDialogProps {
  readonly threat: ThreatDetailJson;
  readonly onClose: () => void;
  readonly onMerged: () => void;
}

export function MergeDialog({ threat, onClose, onMerged }: MergeDialogProps) {
  const list = useLoad((signal) => fetchThreats({ status: 'active', limit: 500 }, signal), []);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const others = list.state === 'ok' ? list.data.threats.filter((t) => t.id !== threat.id) : [];
  const needle = filter.trim().toLowerCase();
  const shown = needle === '' ? others : others.filter((t) => `${t.name} ${t.id}`.toLowerCase().includes(needle));
  const toggle = (id: string): void =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Modal label="Merge threats" onClose={onClose} wide>
      <div className="modal-body">
        <h2 className="modal-title">Merge into “{threatTitle(threat)}”</h2>
        <p className="hint">Choose the threats that describe the same plot. Their reports move here and they are retired as merged.</p>
        {list.state === 'error' ? <FailureAlert title="Could not list threats" failure={list.error} /> : null}
        <div className="field">
          <label htmlFor="merge-filter">Find a threat</label>
          <input id="merge-filter" type="text" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name or id" autoComplete="off" />
        </div>
        <div className="merge-list">
          {list.state === 'loading' ? <p className="muted loading">Loading threats…</p> : null}
          {list.state === 'ok' && shown.length === 0 ? <p className="muted">No other active threat{needle === '' ? '' : ' matches'}.</p> : null}
          {shown.map((t) => (
            <label key={t.id} className="merge-item">
              <input type="checkbox" checked={chosen.has(t.id)} onChange={() => toggle(t.id)} />
              <PriorityChip priority={t.priority} />
              <span className="merge-name">{threatTitle(t)}</span>
              <span className="muted small">{t.reportCount} reports</span>
            </label>
          ))}
        </div>
        {confirming ? (
          <DecisionConfirm
            threatId={threat.id}
            pending={{ kind: 'merge', question: `Merge ${chosen.size} ${chosen.size === 1 ? 'threat' : 'threats'} into this one?`, effect: 'Their reports are pinned to this threat.', body: { threatIds: [...chosen] } }}
            onCancel={() => setConfirming(false)}
            onDone={onMerged}
          />
        ) : (
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={chosen.size === 0} onClick={() => setConfirming(true)}>
              Merge {chosen.size === 0 ? '' : `${chosen.size} `}into this threat
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        )}
      </div>
    </Modal>
  );
}
