// The Admiralty (NATO) grading and its STIX confidence equivalents (DOMAIN.md §3).
import type { Credibility, Reliability } from '../fusion/facts.ts';

export const RELIABILITY_LABEL: Readonly<Record<Reliability, string>> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

export const CREDIBILITY_LABEL: Readonly<Record<Credibility, string>> = {
  1: 'confirmed by independent sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

/** DOMAIN.md §3: 1->90, 2->70, 3->50, 4->30, 5->10, 6->absent (undefined). */
export function confidenceFromCredibility(credibility: Credibility): number | undefined {
  switch (credibility) {
    case 1: return 90;
    case 2: return 70;
    case 3: return 50;
    case 4: return 30;
    case 5: return 10;
    case 6: return undefined;
  }
}

/** DOMAIN.md §3: 80-100->1, 60-79->2, 40-59->3, 20-39->4, 0-19->5; absent or out of range -> 6. */
export function credibilityFromConfidence(confidence: unknown): Credibility {
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 100) return 6;
  if (confidence >= 80) return 1;
  if (confidence >= 60) return 2;
  if (confidence >= 40) return 3;
  if (confidence >= 20) return 4;
  return 5;
}

export function isReliability(value: unknown): value is Reliability {
  return typeof value === 'string' && /^[A-F]$/.test(value);
}

export function isCredibility(value: unknown): value is Credibility {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 6;
}

/** "B2": the usual way analysts write a grade. */
export function admiraltyCode(reliability: Reliability, credibility: Credibility): string {
  return `${reliability}${credibility}`;
}
