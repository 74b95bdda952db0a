// The workflow commands the user's roles allow in the case's current state (DOMAIN.md §1),
// each as a small form. The screening form starts from the threat's assessment. Any other
// command can be sent as JSON; the server checks every command and explains a refusal.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ScreeningJson, SpecificityDimensionName, ThreatDetailJson, WarningCaseDetailJson, WarningCommandJson } from '../../../../src/http/wire.ts';
import { fetchThreat, postWarningCommand, type ApiFailure } from '../../api.ts';
import { Alert, FailureAlert } from '../../components/Alert.tsx';
import { useSession } from '../../session/session.ts';
import { DIMENSION_LABEL, DIMENSIONS } from '../../threatDisplay.ts';
import { useLoad } from '../../useLoad.ts';
import { approverRolesOf, offered, OFFERED_COMMANDS, type OfferedCommand } from './states.ts';

export interface CaseCommandsProps {
  readonly detail: WarningCaseDetailJson;
  readonly onDone: () => void;
}

export function CaseCommands({ detail, onDone }: CaseCommandsProps) {
  const { session, can } = useSession();
  const roles = session.user.roles;
  const state = detail.case.state;
  const [result, setResult] = useState<{ readonly ok: true; readonly text: string } | ({ readonly ok: false } & ApiFailure) | undefined>();
  const acting = can('warnings.draft') || can('warnings.decide') || can('warnings.deliver');

  const send = async (command: WarningCommandJson, label: string): Promise<boolean> => {
    const answer = await postWarningCommand(detail.case.id, command);
    setResult(answer.ok ? { ok: true, text: `${label}: the case is now ${answer.data.case.state.replace(/_/g, ' ')}.` } : answer);
    if (answer.ok) onDone();
    return answer.ok;
  };
  const shown = (Object.keys(OFFERED_COMMANDS) as OfferedCommand[]).filter((command) => command !== 'draft_warning' && offered(command, state, roles));

  return (
    <section className="card panel" aria-labelledby="commands-title" data-testid="case-commands">
      <h2 id="commands-title" className="panel-title">
        What you can do now
      </h2>
      {!acting ? <p className="muted">Your roles read cases but do not act on them.</p> : null}
      {acting && shown.length === 0 ? <p className="muted">None of your roles acts on a case that is {state.replace(/_/g, ' ')}{offered('draft_warning', state, roles) ? ', except drafting the warning below' : ''}.</p> : null}
      {result === undefined ? null : result.ok ? <Alert tone="success" title={result.text} /> : <FailureAlert title="The workflow refused the command" failure={result} />}
      {shown.map((command) => (
        <CommandForm key={command} command={command} detail={detail} send={send} approverRoles={approverRolesOf(roles)} />
      ))}
      {acting ? <RawCommand send={send} /> : null}
    </section>
  );
}

type Send = (command: WarningCommandJson, label: string) => Promise<boolean>;

function CommandForm({ command, detail, send, approverRoles }: { readonly command: OfferedCommand; readonly detail: WarningCaseDetailJson; readonly send: Send; readonly approverRoles: readonly string[] }) {
  const label = OFFERED_COMMANDS[command].label;
  switch (command) {
    case 'screen':
      return <ScreeningForm detail={detail} send={send} />;
    case 'establish_duty':
      return <TextCommand label={label} field="basis" fieldLabel="Basis (why the trigger is met)" build={(basis) => ({ type: 'establish_duty', basis })} send={send} />;
    case 'find_not_triggered':
      return <TextCommand label={label} field="reason" fieldLabel="Reason" build={(reason) => ({ type: 'find_not_triggered', reason })} send={send} />;
    case 'reject_release':
      return <TextCommand label={label} field="reason" fieldLabel="Why the release is refused" build={(reason) => ({ type: 'reject_release', reason })} send={send} danger />;
    case 'escalate':
      return <TextCommand label={label} field="reason" fieldLabel="What is disputed" build={(reason) => ({ type: 'escalate', cause: 'dispute', reason })} send={send} danger />;
    case 'submit_for_release':
      return <ButtonCommand label={label} hint="The approvers will approve exactly the current product." onClick={() => send({ type: 'submit_for_release' }, label)} />;
    case 'approve_release':
      return <ApproveRelease detail={detail} send={send} roles={approverRoles} />;
    case 'draft_warning':
      return null;
  }
}

function CommandBox({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <details className="command" open>
      <summary>{title}</summary>
      <div className="command-body">{children}</div>
    </details>
  );
}

function TextCommand({ label, field, fieldLabel, build, send, danger = false }: { readonly label: string; readonly field: string; readonly fieldLabel: string; readonly build: (text: string) => WarningCommandJson; readonly send: Send; readonly danger?: boolean }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `cmd-${label.replace(/\W+/g, '-').toLowerCase()}-${field}`;
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    if (await send(build(text.trim()), label)) setText('');
    setBusy(false);
  };
  return (
    <CommandBox title={label}>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={id}>{fieldLabel}</label>
          <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy || text.trim() === ''}>
          {label}
        </button>
      </form>
    </CommandBox>
  );
}

function ButtonCommand({ label, hint, onClick }: { readonly label: string; readonly hint: string; readonly onClick: () => Promise<boolean> }) {
  const [busy, setBusy] = useState(false);
  return (
    <CommandBox title={label}>
      <p className="hint">{hint}</p>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onClick().finally(() => setBusy(false));
        }}
      >
        {label}
      </button>
    </CommandBox>
  );
}

function ApproveRelease({ detail, send, roles }: { readonly detail: WarningCaseDetailJson; readonly send: Send; readonly roles: readonly string[] }) {
  const [as, setAs] = useState(roles[0] ?? '');
  const product = detail.case.cycle.warning;
  if (product === null) return null;
  return (
    <CommandBox title="Approve release">
      <p className="hint">
        You approve exactly the product with hash <code className="break">{product.productHash.slice(0, 16)}…</code> for {product.recipient.name}. DOMAIN.md §1: the approvers are different people, and none of them drafted it.
      </p>
      <div className="field">
        <label htmlFor="approve-as">Approve as</label>
        <select id="approve-as" value={as} onChange={(e) => setAs(e.target.value)}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {role.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button button-primary" onClick={() => void send({ type: 'approve_release', as, productHash: product.productHash }, 'Approve release')}>
        Approve release
      </button>
    </CommandBox>
  );
}

const HARM_FROM_THREAT: Readonly<Record<string, ScreeningJson['harmType']>> = {
  killing: 'killing',
  'serious-bodily-injury': 'serious_bodily_injury',
  kidnapping: 'kidnapping',
};

/** A screening record started from the threat's assessment; the analyst checks and completes it. */
function screeningFrom(threat: ThreatDetailJson | undefined, detail: WarningCaseDetailJson): ScreeningJson {
  const recorded = detail.case.cycle.screening;
  if (recorded !== null) return recorded;
  const best = threat?.assessment?.credibility.reports.slice().sort((a, b) => a.effectiveCredibility - b.effectiveCredibility)[0];
  const imminence = threat?.imminence;
  return {
    harmType: HARM_FROM_THREAT[threat?.harm ?? ''] ?? 'other',
    victim: { identity: victimOf(threat), nationality: '', country: '' },
    credibility: { sourceReliability: best?.reliability ?? 'F', informationCredibility: threat?.credibility?.grade ?? 6 },
    specificity: threat?.specificity?.vector ?? { who: 0, target: 0, when: 0, how: 0, victim: 0, location: 0 },
    imminence: imminence === 'I1' || imminence === 'I2' ? imminence : 'I3',
    window: { start: threat?.window?.start ?? null, end: threat?.window?.end ?? null },
  };
}

/** The named targets; else the people at the threat's sites, as DOMAIN.md §1 allows a place as the victim. */
function victimOf(threat: ThreatDetailJson | undefined): string {
  if (threat === undefined) return '';
  if (threat.targets.length > 0) return threat.targets.map((t) => t.name).join('; ');
  const sites = [...new Set(threat.places.filter((p) => p.kind === 'site').map((p) => p.name))];
  return sites.length === 0 ? '' : `People at ${sites.join(', ')}`;
}

function ScreeningForm({ detail, send }: { readonly detail: WarningCaseDetailJson; readonly send: Send }) {
  const threatId = detail.threatId;
  const threat = useLoad((signal) => (threatId === null ? Promise.resolve({ ok: false as const, status: 404, code: 'no-threat', message: 'no threat' }) : fetchThreat(threatId, signal)), [threatId]);
  if (threat.state === 'loading') return <p className="muted loading">Loading the threat’s assessment…</p>;
  return <ScreeningFields initial={screeningFrom(threat.state === 'ok' ? threat.data : undefined, detail)} orcon={detail.case.orcon} send={send} />;
}

function ScreeningFields({ initial, orcon: initialOrcon, send }: { readonly initial: ScreeningJson; readonly orcon: boolean; readonly send: Send }) {
  const [s, setS] = useState<ScreeningJson>(initial);
  const [orcon, setOrcon] = useState(initialOrcon);
  const [busy, setBusy] = useState(false);
  const setVector = (d: SpecificityDimensionName, value: 0 | 1 | 2): void => setS((x) => ({ ...x, specificity: { ...x.specificity, [d]: value } }));
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    await send({ type: 'screen', screening: s, ...(orcon ? { orcon: true } : {}) }, 'Screening recorded');
    setBusy(false);
  };
  return (
    <CommandBox title="Record screening">
      <form className="screening" onSubmit={(e) => void submit(e)}>
        <p className="hint">Started from the threat’s assessment: check every value before recording it.</p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="scr-harm">Harm</label>
            <select id="scr-harm" value={s.harmType} onChange={(e) => setS((x) => ({ ...x, harmType: e.target.value as ScreeningJson['harmType'] }))}>
              <option value="killing">killing</option>
              <option value="serious_bodily_injury">serious bodily injury</option>
              <option value="kidnapping">kidnapping</option>
              <option value="other">other</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="scr-imminence">Imminence</label>
            <select id="scr-imminence" value={s.imminence} onChange={(e) => setS((x) => ({ ...x, imminence: e.target.value as ScreeningJson['imminence'] }))}>
              <option value="I1">I1 within 72 h</option>
              <option value="I2">I2 within 30 days</option>
              <option value="I3">I3 later or unknown</option>
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="scr-victim">Intended victim</label>
            <input id="scr-victim" type="text" required value={s.victim.identity} onChange={(e) => setS((x) => ({ ...x, victim: { ...x.victim, identity: e.target.value } }))} />
          </div>
          <div className="field">
            <label htmlFor="scr-nationality">Nationality</label>
            <input id="scr-nationality" type="text" required value={s.victim.nationality} placeholder="e.g. Syrian and foreign pilgrims" onChange={(e) => setS((x) => ({ ...x, victim: { ...x.victim, nationality: e.target.value } }))} />
          </div>
          <div className="field">
            <label htmlFor="scr-country">Country (ISO code)</label>
            <input id="scr-country" type="text" required value={s.victim.country} maxLength={3} placeholder="SYR" onChange={(e) => setS((x) => ({ ...x, victim: { ...x.victim, country: e.target.value.toUpperCase() } }))} />
          </div>
          <div className="field">
            <label htmlFor="scr-reliability">Source reliability</label>
            <select id="scr-reliability" value={s.credibility.sourceReliability} onChange={(e) => setS((x) => ({ ...x, credibility: { ...x.credibility, sourceReliability: e.target.value } }))}>
              {['A', 'B', 'C', 'D', 'E', 'F'].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="scr-credibility">Information credibility</label>
            <select id="scr-credibility" value={s.credibility.informationCredibility} onChange={(e) => setS((x) => ({ ...x, credibility: { ...x.credibility, informationCredibility: Number(e.target.value) } }))}>
              {[1, 2, 3, 4, 5, 6].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="spec-fieldset">
          <legend>Specificity (0 unknown, 1 general, 2 specific)</legend>
          {DIMENSIONS.map((d) => (
            <label key={d} className="spec-input">
              {DIMENSION_LABEL[d]}
              <select value={s.specificity[d]} onChange={(e) => setVector(d, Number(e.target.value) as 0 | 1 | 2)}>
                <option value={0}>0</option>
                <option value={1}>1</option>
                <option value={2}>2</option>
              </select>
            </label>
          ))}
        </fieldset>
        <div className="checkbox">
          <input id="scr-orcon" type="checkbox" checked={orcon} disabled={initialOrcon} onChange={(e) => setOrcon(e.target.checked)} />
          <label htmlFor="scr-orcon">ORCON source: the originator must approve any release (cannot be cleared once set)</label>
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          Record screening
        </button>
      </form>
    </CommandBox>
  );
}

function RawCommand({ send }: { readonly send: Send }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    let command: unknown;
    try {
      command = JSON.parse(text);
    } catch {
      setError('This is not JSON.');
      return;
    }
    if (typeof command !== 'object' || command === null || typeof (command as { type?: unknown }).type !== 'string') {
      setError('A command is a JSON object with a "type".');
      return;
    }
    setError(undefined);
    await send(command as WarningCommandJson, `Command ${(command as { type: string }).type}`);
  };
  return (
    <details className="command">
      <summary>Another command (JSON)</summary>
      <form className="command-body" onSubmit={(e) => void submit(e)}>
        <p className="hint">
          Waivers, deliveries, acknowledgements, monitoring, closing and re-opening, e.g. <code>{'{"type": "close", "outcome": "foiled"}'}</code>.
        </p>
        <div className="field">
          <label htmlFor="raw-command">Command</label>
          <textarea id="raw-command" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} className="mono" />
        </div>
        {error === undefined ? null : <p className="field-error">{error}</p>}
        <button type="submit" className="button" disabled={text.trim() === ''}>
          Send command
        </button>
      </form>
    </details>
  );
}
