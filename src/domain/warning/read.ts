// Commands reach the domain from JSON (HTTP, CLI), so the TypeScript types are a promise,
// not a guarantee. These readers check each field at run time and turn bad input into a
// refusal instead of a crash deep inside a transition.
import { accept, refuse, type Checked } from './result.ts';
import { parseInstant } from './time.ts';

export type Fields = Readonly<Record<string, unknown>>;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with at least `min` non-blank characters, trimmed. */
export function readText(value: unknown, field: string, min = 1): Checked<string> {
  if (value === undefined || value === null) return refuse('missing-field', `${field} is required`);
  if (typeof value !== 'string') return refuse('invalid-field', `${field} must be a string`);
  const text = value.trim();
  if (text.length === 0) return refuse('missing-field', `${field} is required`);
  if (text.length < min) {
    return refuse('note-too-short', `${field} must say why in at least ${min} characters (got ${text.length})`);
  }
  return accept(text);
}

/** Absent or null means "not given"; anything else must be a valid text. */
export function readOptionalText(value: unknown, field: string): Checked<string | null> {
  if (value === undefined || value === null) return accept(null);
  return readText(value, field);
}

export function readEnum<T extends string | number>(value: unknown, allowed: readonly T[], field: string): Checked<T> {
  if (value === undefined || value === null) return refuse('missing-field', `${field} is required`);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    return refuse('invalid-field', `${field} must be one of ${allowed.join(', ')}`);
  }
  return accept(found);
}

export function readInstant(value: unknown, field: string): Checked<number> {
  if (value === undefined || value === null) return refuse('missing-field', `${field} is required`);
  const ms = parseInstant(value);
  if (ms === null) return refuse('invalid-timestamp', `${field} must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z`);
  return accept(ms);
}

// ISO 3166-1 alpha-2 or alpha-3 (DOMAIN.md §2 uses alpha-3 for REL TO; STIX location uses alpha-2).
const COUNTRY = /^[A-Z]{2,3}$/;

export function readCountry(value: unknown, field: string): Checked<string> {
  if (value === undefined || value === null) return refuse('missing-field', `${field} is required`);
  if (typeof value !== 'string' || !COUNTRY.test(value)) {
    return refuse('invalid-field', `${field} must be an ISO 3166 country code (two or three capital letters)`);
  }
  return accept(value);
}

// SHA-256 in lowercase hex: the hash the application computes over the exact product bytes.
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function readProductHash(value: unknown, field: string): Checked<string> {
  if (value === undefined || value === null) return refuse('missing-field', `${field} is required`);
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    return refuse('invalid-field', `${field} must be a SHA-256 digest in lowercase hex (64 characters)`);
  }
  return accept(value);
}
