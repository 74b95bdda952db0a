// Public validation API: one object, or a bundle and every object in it.

import { IssueSink, type ValidationResult } from './issues.ts';
import { validateObjectInto } from './object.ts';

export type { ValidationIssue, ValidationResult } from './issues.ts';
export { validateBundle, type BundleValidation } from './bundle.ts';

/**
 * Validates one STIX 2.1 object against the specification. Errors are MUST violations,
 * warnings SHOULD violations. Paths are relative to `basePath` (e.g. `objects[3]`).
 */
export function validateObject(value: unknown, basePath = ''): ValidationResult {
  const sink = new IssueSink();
  validateObjectInto(value, basePath, sink);
  return { errors: sink.errors, warnings: sink.warnings };
}
