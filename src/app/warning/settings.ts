// Deadlines by imminence class from the environment (DOMAIN.md §1 table: "our defaults,
// configurable"). The composition root hands the environment in; nothing here reads it.
//   TEARLINE_WARNING_<I1|I2|I3>_<SCREEN|DECIDE|DELIVER|ACKNOWLEDGE>_MINUTES   e.g. TEARLINE_WARNING_I1_SCREEN_MINUTES=30
//             (ACKNOWLEDGE: from the first delivery to the recipient's acknowledgement)
//   TEARLINE_WARNING_MAX_REREVIEW_DAYS                             latest re-review date of a waiver
// A case keeps the settings it was opened under (domain/warning/settings.ts).
import {
  IMMINENCE_CLASSES,
  makeWarningSettings,
  type ImminenceClass,
  type StageDeadlines,
  type WarningSettings,
} from '../../domain/warning/index.ts';

export type SettingsResult = { readonly ok: true; readonly settings: WarningSettings } | { readonly ok: false; readonly errors: readonly string[] };

const STAGES = [['SCREEN', 'screenMs'], ['DECIDE', 'decideMs'], ['DELIVER', 'deliverMs'], ['ACKNOWLEDGE', 'acknowledgeMs']] as const;

function wholeNumber(text: string | undefined, name: string, errors: string[]): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    errors.push(`${name} must be a positive whole number, got '${text}'`);
    return undefined;
  }
  return value;
}

export function warningSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsResult {
  const errors: string[] = [];
  const deadlines: Partial<Record<ImminenceClass, Partial<StageDeadlines>>> = {};
  for (const imminence of IMMINENCE_CLASSES) {
    const row: Partial<Record<keyof StageDeadlines, number>> = {};
    for (const [suffix, field] of STAGES) {
      const name = `TEARLINE_WARNING_${imminence}_${suffix}_MINUTES`;
      const minutes = wholeNumber(env[name], name, errors);
      if (minutes !== undefined) row[field] = minutes * 60_000;
    }
    deadlines[imminence] = row;
  }
  const days = wholeNumber(env.TEARLINE_WARNING_MAX_REREVIEW_DAYS, 'TEARLINE_WARNING_MAX_REREVIEW_DAYS', errors);
  if (errors.length > 0) return { ok: false, errors };
  const made = makeWarningSettings({ deadlines, ...(days === undefined ? {} : { maxReReviewMs: days * 86_400_000 }) });
  return made.ok ? { ok: true, settings: made.value } : { ok: false, errors: [made.message] };
}
