// Imminence classes (DOMAIN.md §1, our defaults): I1 when the threat window starts within
// 72 h of now (a window already open counts), I2 within 30 days, I3 later or unknown.
// A window whose end has passed is `expired`: its sunset has come (DOMAIN.md §1, "every
// warning carries a sunset (end of its window)"). Boundaries are inclusive: a window that
// starts exactly 72 h from now is I1.
import { HOUR_MS } from '../fusion/time.ts';
import type { AssessmentConfig, ImminenceClass } from './config.ts';
import type { ThreatWindow } from './window.ts';

export interface ImminenceAssessment {
  readonly class: ImminenceClass;
  /** Hours from now to the window's start (negative once open); null without a window. */
  readonly hoursToStart: number | null;
  /** The end of the window: the sunset of any warning. */
  readonly sunset: string | null;
  readonly reason: string;
}

export function imminenceOf(window: ThreatWindow | null, now: Date, config: AssessmentConfig): ImminenceAssessment {
  if (window === null) return { class: 'I3', hoursToStart: null, sunset: null, reason: 'I3: no time window known' };
  const nowMs = now.getTime();
  const hoursToStart = (window.interval.start - nowMs) / HOUR_MS;
  const base = { hoursToStart, sunset: window.end };
  if (nowMs > window.interval.end) {
    return { ...base, class: 'expired', reason: `expired: the window ended at ${window.end} (sunset passed)` };
  }
  if (hoursToStart <= config.i1Hours) {
    const when = hoursToStart <= 0 ? 'is already open' : `starts in ${round1(hoursToStart)} h`;
    return { ...base, class: 'I1', reason: `I1: the window ${when} (<= ${config.i1Hours} h)` };
  }
  if (hoursToStart <= config.i2Days * 24) {
    return { ...base, class: 'I2', reason: `I2: the window starts in ${round1(hoursToStart / 24)} days (<= ${config.i2Days} days)` };
  }
  return { ...base, class: 'I3', reason: `I3: the window starts in ${round1(hoursToStart / 24)} days (> ${config.i2Days} days)` };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
