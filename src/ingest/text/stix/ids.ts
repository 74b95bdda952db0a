// Deterministic STIX identifiers. SCO ids are UUIDv5 over their id-contributing properties
// (STIX 2.1 §2.9 and §6.1 "Deterministic Identifiers"); we use UUIDv5 under our own namespace
// for the SDOs we extract too, so the same group or place from two texts gets one id.
import { createHash } from 'node:crypto';

/** STIX 2.1 §2.9: namespace for SCO deterministic identifiers. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Tearline's own namespace for deterministic SDO identifiers from text extraction. */
export const TEARLINE_TEXT_NAMESPACE = '6f0e4b3c-8d1a-5e2f-9b7c-3a4d5e6f7a8b';

export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** STIX 2.1 §6.1: the name is the JSON of the id-contributing properties, keys sorted. */
export function scoId(type: string, contributing: Readonly<Record<string, unknown>>): string {
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}

export function sdoId(type: string, key: string): string {
  return `${type}--${uuidV5(TEARLINE_TEXT_NAMESPACE, `${type}:${key}`)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
