// Time windows: overlap with a tolerance (sources round "Friday" and "within 48 hours"
// differently), and the gap between windows that do not overlap.
import type { TimeWindow } from './facts.ts';

export const HOUR_MS = 3_600_000;

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Milliseconds since the epoch, or null when the window is unreadable or inverted. */
export function toInterval(window: TimeWindow): Interval | null {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
  return { start, end };
}

/** 0 when the windows overlap, else the hours between the end of one and the start of the other. */
export function gapHours(a: Interval, b: Interval): number {
  const gap = Math.max(a.start - b.end, b.start - a.end, 0);
  return gap / HOUR_MS;
}

export function overlapsWithin(a: Interval, b: Interval, toleranceHours: number): boolean {
  return gapHours(a, b) <= toleranceHours;
}

export function durationHours(interval: Interval): number {
  return (interval.end - interval.start) / HOUR_MS;
}
