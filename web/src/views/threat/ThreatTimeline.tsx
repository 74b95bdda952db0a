// The threat in time: when each report was published and fused, the threat window, now, how
// the assessment changed (priority band at each re-assessment) and the analysts' decisions.
// Drawn as SVG on one time axis, with the same events listed below in order.
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { formatTimestamp } from '../../format.ts';

const WIDTH = 1000;
const LEFT = 150;
const RIGHT = 30;
const ROW = 46;

interface TimelineEvent {
  readonly at: string;
  readonly lane: 'window' | 'reports' | 'assessments' | 'decisions';
  readonly label: string;
  readonly tone: string;
}

export function timelineEvents(threat: ThreatDetailJson): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const r of threat.reports) events.push({ at: r.addedAt, lane: 'reports', label: `${r.title} (${r.grade}) fused`, tone: 'report' });
  for (const h of threat.history) events.push({ at: h.assessedAt, lane: 'assessments', label: `${h.summary.priority.band} ${Math.round(h.summary.priority.score)} · ${h.summary.imminence}${h.summary.dutyToWarn ? ' · duty to warn' : ''} (${h.trigger})`, tone: h.summary.priority.band.toLowerCase() });
  if (threat.window !== null) events.push({ at: threat.window.start, lane: 'window', label: `threat window opens; it closes ${formatTimestamp(threat.window.end)}`, tone: 'window' });
  for (const d of threat.decisions) events.push({ at: d.decidedAt, lane: 'decisions', label: `${d.decision.kind} by ${d.actor}${d.note === null ? '' : `: ${d.note}`}`, tone: 'decision' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

export function ThreatTimeline({ threat, now }: { readonly threat: ThreatDetailJson; readonly now: number }) {
  const events = timelineEvents(threat);
  const times = [...events.map((e) => Date.parse(e.at)), now];
  if (threat.window !== null) times.push(Date.parse(threat.window.start), Date.parse(threat.window.end));
  const finite = times.filter((t) => Number.isFinite(t));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = Math.max(max - min, 3_600_000);
  const from = min - span * 0.04;
  const to = max + span * 0.04;
  const x = (t: number): number => LEFT + ((t - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  const lanes = ['window', 'reports', 'assessments', 'decisions'] as const;
  const laneY = (lane: (typeof lanes)[number]): number => 40 + lanes.indexOf(lane) * ROW;
  const height = 40 + lanes.length * ROW + 10;
  const { ticks, step } = axisTicks(from, to);

  return (
    <div className="card panel" data-testid="threat-timeline">
      <h2 className="panel-title">Timeline</h2>
      <svg className="timeline" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Timeline of reports, the threat window, assessments and decisions; the list below has the same content.">
        {ticks.map((t) => (
          <g key={t}>
            <line className="tl-grid" x1={x(t)} x2={x(t)} y1={22} y2={height - 6} />
            <text className="tl-tick" x={x(t)} y={14}>
              {tickLabel(t, step)}
            </text>
          </g>
        ))}
        {lanes.map((lane) => (
          <g key={lane}>
            <line className="tl-lane" x1={LEFT} x2={WIDTH - RIGHT} y1={laneY(lane)} y2={laneY(lane)} />
            <text className="tl-lane-label" x={12} y={laneY(lane) + 4}>
              {lane === 'window' ? 'Threat window' : lane === 'reports' ? 'Reports' : lane === 'assessments' ? 'Assessments' : 'Decisions'}
            </text>
          </g>
        ))}
        {threat.window === null ? (
          <text className="tl-note" x={LEFT + 8} y={laneY('window') + 4}>
            unknown
          </text>
        ) : (
          <rect className="tl-window" x={x(Date.parse(threat.window.start))} y={laneY('window') - 9} width={Math.max(3, x(Date.parse(threat.window.end)) - x(Date.parse(threat.window.start)))} height={18} rx={3}>
            <title>{`Window ${formatTimestamp(threat.window.start)} – ${formatTimestamp(threat.window.end)}`}</title>
          </rect>
        )}
        {events.filter((e) => e.lane !== 'window').map((e, index) => (
          <circle key={index} className={`tl-dot tl-${e.tone}`} cx={x(Date.parse(e.at))} cy={laneY(e.lane)} r={6}>
            <title>{`${formatTimestamp(e.at)}: ${e.label}`}</title>
          </circle>
        ))}
        <line className="tl-now" x1={x(now)} x2={x(now)} y1={22} y2={height - 6} />
        <text className="tl-now-label" x={x(now) + 4} y={height - 10}>
          now
        </text>
      </svg>
      <ol className="timeline-list">
        {events.map((e, index) => (
          <li key={index}>
            <time dateTime={e.at}>{formatTimestamp(e.at)}</time> <span className={`tl-tag tl-tag-${e.lane}`}>{e.lane === 'window' ? 'window' : e.lane.slice(0, -1)}</span> {e.label}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** About six round instants across the span (hours, days or weeks). */
function axisTicks(from: number, to: number): { ticks: number[]; step: number } {
  const steps = [3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000, 30 * 86_400_000];
  const step = steps.find((s) => (to - from) / s <= 8) ?? 90 * 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return { ticks: out, step };
}

/** Dates when ticks are whole days apart, else month-day and time (UTC). */
function tickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  return step >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
