// Structured validation findings. Errors break a MUST of STIX 2.1; warnings break a SHOULD
// (or flag something deprecated). They are kept apart so callers can accept objects with
// warnings and reject objects with errors.

export interface ValidationIssue {
  /** Where the problem is, e.g. `objects[3].kill_chain_phases[0].phase_name`; '' is the root. */
  readonly path: string;
  /** Stable kebab-case identifier, e.g. `missing-required`. */
  readonly code: string;
  readonly message: string;
}

export interface ValidationResult {
  readonly errors: readonly ValidationIssue[];
  readonly warnings: readonly ValidationIssue[];
}

/** Collects issues while a value is walked. One sink per validation run. */
export class IssueSink {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];

  error(path: string, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }

  warn(path: string, code: string, message: string): void {
    this.warnings.push({ path, code, message });
  }
}

/** `base.key`, or `key` at the root. */
export function childPath(base: string, key: string): string {
  return base === '' ? key : base + '.' + key;
}

/** `base[index]`. */
export function indexPath(base: string, index: number): string {
  return base + '[' + index + ']';
}
