// Configurable limits of the duty-to-warn workflow. The defaults are ours (DOMAIN.md §1
// table "Imminence classes and default deadlines"); a deployment may tighten or loosen them.
// A case keeps a copy of the settings it was opened under, so a later change of
// configuration never moves the deadlines of a running case (and never changes the keys
// a scheduler has already recorded as fired).
import { accept, refuse, type Checked } from './result.ts';
import { DAY_MS, HOUR_MS } from './time.ts';

export const IMMINENCE_CLASSES = ['I1', 'I2', 'I3'] as const;
/** I1: window starts within 72 h; I2: within 30 days; I3: later or unknown (DOMAIN.md §1). */
export type ImminenceClass = (typeof IMMINENCE_CLASSES)[number];

export interface StageDeadlines {
  /** From the report's arrival (or the re-opening) to the screening finding. */
  readonly screenMs: number;
  /** From the trigger (duty established) to the decision to warn or to waive. */
  readonly decideMs: number;
  /** From the trigger (duty established) to the first recorded delivery. */
  readonly deliverMs: number;
  /** From the cycle's first delivery to the recipient's acknowledgement (issue 7). */
  readonly acknowledgeMs: number;
}

export const STAGE_FIELDS = ['screenMs', 'decideMs', 'deliverMs', 'acknowledgeMs'] as const satisfies readonly (keyof StageDeadlines)[];

/**
 * The row of `imminence` in the case's settings. A case stored before a stage existed holds
 * no value for it; such a case runs on the default for that stage.
 */
export function stageDeadlinesOf(settings: WarningSettings, imminence: ImminenceClass): StageDeadlines {
  return { ...DEFAULT_WARNING_SETTINGS.deadlines[imminence], ...settings.deadlines[imminence] };
}

export interface WarningSettings {
  readonly deadlines: Readonly<Record<ImminenceClass, StageDeadlines>>;
  /** Latest allowed re-review date of a waiver, counted from the proposal. */
  readonly maxReReviewMs: number;
  /** Minimum length of each written waiver justification. */
  readonly minJustificationLength: number;
  /** Minimum length of other reasons (rejections, disputes, findings). */
  readonly minNoteLength: number;
}

// DOMAIN.md §1 gives no acknowledgement column: those defaults (1 h, 12 h, 72 h) are ours.
export const DEFAULT_WARNING_SETTINGS: WarningSettings = Object.freeze({
  deadlines: Object.freeze({
    I1: Object.freeze({ screenMs: 1 * HOUR_MS, decideMs: 2 * HOUR_MS, deliverMs: 6 * HOUR_MS, acknowledgeMs: 1 * HOUR_MS }),
    I2: Object.freeze({ screenMs: 24 * HOUR_MS, decideMs: 48 * HOUR_MS, deliverMs: 72 * HOUR_MS, acknowledgeMs: 12 * HOUR_MS }),
    I3: Object.freeze({ screenMs: 5 * DAY_MS, decideMs: 5 * DAY_MS, deliverMs: 5 * DAY_MS, acknowledgeMs: 72 * HOUR_MS }),
  }),
  maxReReviewMs: 90 * DAY_MS,
  minJustificationLength: 20,
  minNoteLength: 10,
});

export interface WarningSettingsOverrides {
  readonly deadlines?: Partial<Record<ImminenceClass, Partial<StageDeadlines>>>;
  readonly maxReReviewMs?: number;
  readonly minJustificationLength?: number;
  readonly minNoteLength?: number;
}

function positive(value: number, name: string): Checked<number> {
  return Number.isSafeInteger(value) && value > 0
    ? accept(value)
    : refuse('invalid-settings', `${name} must be a positive whole number`);
}

/** Defaults with overrides applied, checked: every duration and length must be positive. */
export function makeWarningSettings(overrides: WarningSettingsOverrides = {}): Checked<WarningSettings> {
  const deadlines: Partial<Record<ImminenceClass, StageDeadlines>> = {};
  for (const imminence of IMMINENCE_CLASSES) {
    const merged = { ...DEFAULT_WARNING_SETTINGS.deadlines[imminence], ...overrides.deadlines?.[imminence] };
    for (const stage of STAGE_FIELDS) {
      const checked = positive(merged[stage], `deadlines.${imminence}.${stage}`);
      if (!checked.ok) return checked;
    }
    deadlines[imminence] = Object.freeze(merged);
  }
  const scalars = {
    maxReReviewMs: overrides.maxReReviewMs ?? DEFAULT_WARNING_SETTINGS.maxReReviewMs,
    minJustificationLength: overrides.minJustificationLength ?? DEFAULT_WARNING_SETTINGS.minJustificationLength,
    minNoteLength: overrides.minNoteLength ?? DEFAULT_WARNING_SETTINGS.minNoteLength,
  };
  for (const [name, value] of Object.entries(scalars)) {
    const checked = positive(value, name);
    if (!checked.ok) return checked;
  }
  return accept(Object.freeze({ deadlines: Object.freeze(deadlines as Record<ImminenceClass, StageDeadlines>), ...scalars }));
}
