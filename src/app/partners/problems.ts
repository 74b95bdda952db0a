// What the partner use cases refuse, as values: a stable code, a sentence, and for a bad
// profile or policy every `{path, code, message}` the parser found.
import type { ConfigError } from '../../domain/partners/validate.ts';

export type PartnerProblemCode =
  | 'invalid-name'
  | 'invalid-profile'
  | 'identity-taken'
  | 'no-such-partner'
  | 'invalid-policy'
  /** A stored profile or policy no longer parses (the format changed): fix it before releasing. */
  | 'stored-invalid'
  | 'invalid-request'
  | 'unknown-objects'
  | 'unknown-threat'
  | 'package-too-large';

export interface PartnerProblem {
  readonly code: PartnerProblemCode;
  readonly message: string;
  readonly errors?: readonly ConfigError[];
  /** Ids the request named that do not exist (or that the caller may not see). */
  readonly ids?: readonly string[];
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: PartnerProblem };

export function refuse<T>(code: PartnerProblemCode, message: string, extra: Pick<PartnerProblem, 'errors' | 'ids'> = {}): Outcome<T> {
  return { ok: false, problem: { code, message, ...extra } };
}
