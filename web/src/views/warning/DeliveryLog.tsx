// Where the warning went (DOMAIN.md §1 "A delivery records who, to whom, when, channel"): per
// channel, each outbox row's state — queued, sending, sent, failed (retried later) or dead
// letter (waiting for the delivery officer) — with its attempts, the partner's receipt and
// whether the case recorded it; the deliveries recorded on the case; recorded meetings and
// calls; and whether the partner has acknowledged. States are words, not colours alone.
import { useState } from 'react';
import type { DeliveryOutboxJson, DeliveryStateName, WarningCaseDetailJson } from '../../../../src/http/wire.ts';
import { fetchDisclosures, retryDelivery } from '../../api.ts';
import { FailureAlert } from '../../components/Alert.tsx';
import { formatTimestamp } from '../../format.ts';
import { useSession } from '../../session/session.ts';
import { useLoad } from '../../useLoad.ts';

export const DELIVERY_STATE_LABEL: Readonly<Record<DeliveryStateName, string>> = {
  pending: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed, will retry',
  dead: 'Dead letter',
};

const CHANNEL_LABEL: Readonly<Record<string, string>> = { taxii: 'TAXII (partner collection)', webhook: 'Webhook', email: 'Email' };

/** Outbox rows still on their way: the case view re-reads itself while there are any. */
export function deliveriesInFlight(detail: WarningCaseDetailJson): boolean {
  return outboxOf(detail).some((row) => row.state === 'pending' || row.state === 'sending' || row.state === 'failed');
}

function outboxOf(detail: WarningCaseDetailJson): readonly DeliveryOutboxJson[] {
  // The case route lists the outbox rows without their bytes (app/warning/caseView.ts).
  return detail.deliveries as unknown as readonly DeliveryOutboxJson[];
}

export function DeliveryLog({ detail, onChanged }: { readonly detail: WarningCaseDetailJson; readonly onChanged: () => void }) {
  const { can } = useSession();
  const outbox = outboxOf(detail);
  const c = detail.case;
  const disclosures = useLoad((signal) => fetchDisclosures(c.id, signal), [c.id, detail.version]);
  const channels = [...new Set(outbox.map((row) => row.channel))].sort();
  const ack = c.acknowledgement;
  const expected = c.deliveries.length > 0 || outbox.some((row) => row.state === 'sent');

  return (
    <section className="card panel" aria-labelledby="deliveries-title" data-testid="delivery-log">
      <h2 id="deliveries-title" className="panel-title">
        Deliveries and acknowledgement
      </h2>
      <div className="ack-state" data-testid="acknowledgement">
        <strong>Acknowledgement:</strong>
        {ack !== null ? (
          <span>
            <span className="tag tag-good">Acknowledged</span> by {ack.acknowledgedBy} on {ack.channel} at {formatTimestamp(ack.acknowledgedAt)}
            <span className="muted small"> · recorded by {ack.recordedBy}</span>
            {ack.note === null ? null : <span className="muted small"> · {ack.note}</span>}
          </span>
        ) : expected ? (
          <span>
            <span className="tag tag-pending">Awaited</span> <span className="muted small">the partner has not acknowledged yet</span>
          </span>
        ) : (
          <span className="muted">nothing delivered yet</span>
        )}
      </div>
      {outbox.length === 0 ? <p className="muted">Nothing is queued: deliveries are requested when the release is approved, on the channels chosen when drafting.</p> : null}
      {channels.map((channel) => (
        <div key={channel} className="channel-group">
          <h3 className="subhead">{CHANNEL_LABEL[channel] ?? channel}</h3>
          <table className="table compact" data-testid={`deliveries-${channel}`}>
            <caption className="visually-hidden">Deliveries on {channel}</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Requested</th>
                <th scope="col">Sent</th>
                <th scope="col">Receipt and record</th>
              </tr>
            </thead>
            <tbody>
              {outbox
                .filter((row) => row.channel === channel)
                .map((row) => (
                  <tr key={row.id} data-testid="delivery-row">
                    <td>
                      {row.partnerName}
                      <span className="muted small mono break"> · {row.productSha256.slice(0, 12)}…</span>
                    </td>
                    <td>
                      <span className={`delivery-state delivery-${row.state}`}>{DELIVERY_STATE_LABEL[row.state]}</span>
                      {row.state === 'failed' && row.nextAttemptAt !== null ? <span className="muted small"> next {formatTimestamp(row.nextAttemptAt)}</span> : null}
                      {row.lastError === null || row.state === 'sent' ? null : <p className="field-error small">{row.lastError}</p>}
                      {row.state === 'dead' && can('warnings.deliver') ? <RetryButton id={row.id} onDone={onChanged} /> : null}
                    </td>
                    <td className="num">{row.attempts}</td>
                    <td className="small nowrap">
                      {formatTimestamp(row.requestedAt)}
                      <span className="muted"> by {row.requestedBy}</span>
                    </td>
                    <td className="small nowrap">{row.sentAt === null ? '—' : formatTimestamp(row.sentAt)}</td>
                    <td className="small">
                      {row.receipt === null ? null : <span className="break">{row.receipt}</span>}
                      {row.caseRecord === null ? null : <span className="muted"> · case: {row.caseRecord}</span>}
                      {row.acknowledgedAt === null ? null : <span> · acknowledged {formatTimestamp(row.acknowledgedAt)}</span>}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
      {c.deliveries.length === 0 ? null : (
        <>
          <h3 className="subhead">Recorded on the case</h3>
          <ul className="timeline-list" data-testid="recorded-deliveries">
            {c.deliveries.map((d, i) => (
              <li key={i}>
                <span className="tag tag-good">Delivered</span> to {d.recipient.name} on {d.channel} ({d.kind}) at {formatTimestamp(d.deliveredAt)}
                <span className="muted small"> · by {d.deliveredBy} · sha256 {d.productHash.slice(0, 12)}…</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {disclosures.state === 'error' ? <FailureAlert title="Could not read recorded meetings and calls" failure={disclosures.error} /> : null}
      {disclosures.state === 'ok' && disclosures.data.disclosures.length > 0 ? (
        <>
          <h3 className="subhead">Meetings and calls</h3>
          <ul className="timeline-list">
            {disclosures.data.disclosures.map((d) => (
              <li key={d.id}>
                {d.kind === 'release' ? 'Handed over' : 'Told'} to {d.toName}
                {d.toOrganisation === null ? '' : ` (${d.toOrganisation})`} by {d.by} at {formatTimestamp(d.at)}, {d.place}
                <span className="muted small"> · {d.channel.replace(/_/g, ' ')} · recorded by {d.recordedBy}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function RetryButton({ id, onDone }: { readonly id: string; readonly onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void retryDelivery(id).then((answer) => {
            setBusy(false);
            if (answer.ok) onDone();
            else setError(answer.message);
          });
        }}
      >
        Retry
      </button>
      {error === undefined ? null : <p className="field-error small">{error}</p>}
    </>
  );
}
