// Refusals are values, never exceptions: a refused transition is an expected outcome of
// the workflow (DOMAIN.md §1 gates), and the caller decides how to show or log it.

export type RefusalCode =
  | 'invalid-timestamp'
  | 'clock-regression'
  | 'invalid-actor'
  | 'unknown-command'
  | 'transition-not-allowed'
  | 'case-escalated'
  | 'already-escalated'
  | 'read-only-role'
  | 'role-not-permitted'
  | 'system-not-permitted'
  | 'missing-field'
  | 'invalid-field'
  | 'note-too-short'
  | 'screening-missing'
  | 'harm-not-covered'
  | 'orcon-cannot-be-cleared'
  | 'waiver-reason-missing'
  | 'waiver-reason-duplicated'
  | 'justification-too-short'
  | 're-review-date-missing'
  | 're-review-date-not-future'
  | 're-review-date-too-far'
  | 'reason-5-needs-two-failed-channels'
  | 'self-approval'
  | 'same-person-two-roles'
  | 'role-already-approved'
  | 'approval-not-required'
  | 'warning-missing'
  | 'sunset-passed'
  | 'stale-product-hash'
  | 'product-hash-mismatch'
  | 'kind-channel-mismatch'
  | 'delivery-already-recorded'
  | 'time-out-of-range'
  | 'acknowledgement-missing'
  | 'window-not-ended'
  | 'deadline-already-fired'
  | 'deadline-not-due'
  | 're-review-not-due'
  | 'invalid-settings';

export interface Refusal {
  readonly ok: false;
  /** Stable kebab-case identifier for programs (tests, the HTTP error mapper). */
  readonly code: RefusalCode;
  /** One sentence for people, readable on its own in a log line. */
  readonly message: string;
}

export function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

/** A validated input value, or why it was refused. */
export type Checked<T> = { readonly ok: true; readonly value: T } | Refusal;

export function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}
