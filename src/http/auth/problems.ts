// Auth use-case refusals as HTTP errors (the status each code deserves).
import type { AuthProblem } from '../../app/auth/context.ts';
import { ApiError } from '../errors.ts';

const STATUS: Readonly<Record<AuthProblem['code'], number>> = {
  'invalid-profile': 400,
  'weak-password': 400,
  'invalid-scope': 400,
  'invalid-expiry': 400,
  'wrong-password': 403,
  'no-such-user': 404,
  'no-such-token': 404,
  'username-taken': 409,
  'last-administrator': 409,
};

export function problemError(problem: AuthProblem): ApiError {
  return new ApiError(STATUS[problem.code], problem.code, problem.message, problem.details);
}

/** A required string field of a JSON body, or a 400 that names the field (never its value). */
export function stringField(body: unknown, field: string, maxLength = 1024): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new ApiError(400, 'invalid-request', `'${field}' must be a string of at most ${maxLength} characters`);
  }
  return value;
}

export function optionalStringField(body: unknown, field: string, maxLength = 1024): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return value === undefined ? undefined : stringField(body, field, maxLength);
}
