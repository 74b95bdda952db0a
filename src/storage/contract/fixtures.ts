// Tiny builders for ObjectWrite rows, so the contract needs no domain code: the JSON is
// plausible STIX, refs and markings are whatever the test says.
import type { CollectionRecord, MarkingRow, ObjectWrite, RefEdge } from '../../app/ports.ts';

/** A deterministic STIX id: `type--00000000-0000-4000-8000-<n in hex>`. */
export function stixId(type: string, n: number): string {
  return `${type}--00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Second `n` after 2024-01-01T00:00:00Z, in the millisecond format a Clock produces. */
export function at(n: number): string {
  return new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
}

export interface ObjectSpec {
  readonly type?: string;
  readonly n: number;
  /** The version timestamp (modified); '' makes an SCO without timestamps. */
  readonly version?: string;
  readonly revoked?: boolean;
  readonly refs?: readonly RefEdge[];
  readonly markings?: readonly MarkingRow[];
  /** Changes the JSON without changing the version (to provoke conflicts). */
  readonly note?: string;
}

export function objectWrite(spec: ObjectSpec): ObjectWrite {
  const type = spec.type ?? 'indicator';
  const id = stixId(type, spec.n);
  const version = spec.version ?? at(0);
  const timestamps = version === '' ? {} : { created: at(0) < version ? at(0) : version, modified: version };
  const body = {
    type,
    spec_version: '2.1',
    id,
    ...timestamps,
    ...(spec.revoked === true ? { revoked: true } : {}),
    name: `${type} ${spec.n}`,
    ...(spec.note === undefined ? {} : { description: spec.note }),
  };
  return {
    id,
    type,
    specVersion: '2.1',
    version,
    created: version === '' ? null : (timestamps as { created: string }).created,
    modified: version === '' ? null : version,
    revoked: spec.revoked === true,
    json: JSON.stringify(body),
    refs: spec.refs ?? [],
    markings: spec.markings ?? [],
  };
}

/** `count` indicators numbered from `first`, all at version at(0). */
export function objectRange(first: number, count: number, type = 'indicator'): ObjectWrite[] {
  return Array.from({ length: count }, (_, i) => objectWrite({ type, n: first + i }));
}

export function collection(n: number, title = `Collection ${n}`): CollectionRecord {
  return {
    id: `91a7b528-80eb-42ed-a74d-${n.toString(16).padStart(12, '0')}`,
    title,
    description: n % 2 === 0 ? null : `Description of ${title}`,
    alias: n % 2 === 0 ? null : `alias-${n}`,
    mediaTypes: ['application/stix+json;version=2.1'],
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Drains an async iterable into an array (tests only: the point of scan is not to). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
