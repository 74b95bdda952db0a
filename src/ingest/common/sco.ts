// Builds STIX Cyber-observable Objects (STIX 2.1 §6) from comparisons of the shape the
// observable table gives: `file:name`, `file:hashes.'SHA-256'`, `domain-name:resolves_to_refs[*].value`…
// Referenced addresses become SCOs of their own; every SCO gets its §2.9 deterministic id.
import type { StixObject } from '../../domain/stix/object.ts';
import { scoId } from './ids.ts';
import type { Comparison, PathStep } from './pattern.ts';
import { ipFamily, type ValueKind } from './values.ts';

export type ScoResult =
  | { readonly ok: true; readonly primary: StixObject; readonly objects: readonly StixObject[] }
  | { readonly ok: false; readonly message: string };

type Draft = Record<string, unknown> & { type: string };

/** Dictionary-valued properties (§2.7): their next step is a key, not a nested object. */
const DICTIONARIES = new Set(['hashes', 'additional_header_fields', 'request_header']);

function referencedSco(value: string | number, kind: ValueKind): Draft | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'ip') return { type: ipFamily(value) === 6 ? 'ipv6-addr' : 'ipv4-addr', spec_version: '2.1', value };
  if (kind === 'domain') return { type: 'domain-name', spec_version: '2.1', value };
  if (kind === 'email') return { type: 'email-addr', spec_version: '2.1', value };
  return undefined;
}

/** `x_refs[*].value`: a list of references, each to an SCO with that value. */
function isRefsValue(head: string, steps: readonly PathStep[]): boolean {
  const [, second, third] = steps;
  return head.endsWith('_refs') && typeof second === 'object' && second.index === '*' && third === 'value' && steps.length === 3;
}

function finish(draft: Draft): StixObject | string {
  const id = scoId(draft);
  if (id === undefined) return `no ID contributing property of ${draft.type} is set`;
  const { type, ...rest } = draft;
  // `type`, `spec_version`, `id` first only so that stored JSON reads well.
  return { type, spec_version: '2.1', id, ...rest } as StixObject;
}

function setNested(target: Record<string, unknown>, steps: readonly PathStep[], value: unknown): string | undefined {
  let node = target;
  for (const [i, step] of steps.entries()) {
    if (typeof step !== 'string') return 'index steps are not supported here';
    if (i === steps.length - 1) {
      if (node[step] !== undefined && node[step] !== value) return `two different values for ${step}`;
      node[step] = value;
      return undefined;
    }
    const next = node[step];
    if (next === undefined) node[step] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return `${step} is not an object`;
    node = node[step] as Record<string, unknown>;
  }
  return 'empty path';
}

/** Type rules a generic build cannot know (each cites its §6 section). */
function completeType(draft: Draft, children: readonly StixObject[]): string | undefined {
  switch (draft.type) {
    case 'email-message':
      // §6.6: is_multipart is required; these single-part facts say nothing of MIME parts.
      draft['is_multipart'] ??= false;
      return undefined;
    case 'network-traffic': {
      // §6.12: protocols is required and src_ref or dst_ref must be present. For an address
      // the network layer protocol is known from the address family.
      const families = new Set(children.filter((ch) => ch.type === 'ipv4-addr' || ch.type === 'ipv6-addr').map((ch) => (ch.type === 'ipv4-addr' ? 'ipv4' : 'ipv6')));
      if (draft['src_ref'] === undefined && draft['dst_ref'] === undefined) return 'network-traffic needs src_ref or dst_ref';
      if (families.size !== 1) return 'network-traffic needs protocols, unknown without an IP address';
      draft['protocols'] = [...families];
      return undefined;
    }
    case 'windows-registry-key': {
      // §6.13.2: a registry value's name is required; '' names the key's default value,
      // which is what a MISP `regkey|value` without a value name records.
      const values = draft['values'];
      if (Array.isArray(values)) for (const v of values as Record<string, unknown>[]) v['name'] ??= '';
      return undefined;
    }
    case 'file': {
      const ext = (draft['extensions'] as Record<string, Record<string, unknown>> | undefined)?.['windows-pebinary-ext'];
      if (ext !== undefined && ext['pe_type'] === undefined) return 'windows-pebinary-ext needs pe_type';
      return draft['hashes'] === undefined && draft['name'] === undefined ? 'a file needs hashes or a name (§6.7)' : undefined;
    }
    default:
      return undefined;
  }
}

const REQUIRED: Readonly<Record<string, string>> = {
  'domain-name': 'value',
  'ipv4-addr': 'value',
  'ipv6-addr': 'value',
  'email-addr': 'value',
  url: 'value',
  'mac-addr': 'value',
  mutex: 'name',
  'autonomous-system': 'number',
};

/**
 * The SCO the comparisons describe (all on one object type) plus the SCOs it references.
 * `kinds[i]` is the value kind of `comparisons[i]`, which says what a `_ref` points to.
 */
export function buildSco(comparisons: readonly Comparison[], kinds: readonly ValueKind[]): ScoResult {
  const first = comparisons[0];
  if (first === undefined) return { ok: false, message: 'nothing to build an observable from' };
  const draft: Draft = { type: first.path.type };
  const children: StixObject[] = [];
  for (const [i, comparison] of comparisons.entries()) {
    if (comparison.path.type !== draft.type) return { ok: false, message: `mixed object types ${draft.type} and ${comparison.path.type}` };
    const steps = comparison.path.steps;
    const [head, second, third] = steps;
    const kind = kinds[i] ?? 'text';
    let error: string | undefined;
    if (typeof head !== 'string') error = 'path starts with an index';
    else if ((head.endsWith('_ref') && second === 'value' && steps.length === 2) || isRefsValue(head, steps)) {
      const child = referencedSco(comparison.value, kind);
      const built = child === undefined ? `cannot reference a ${kind} from ${head}` : finish(child);
      if (typeof built === 'string') error = built;
      else {
        if (!children.some((ch) => ch.id === built.id)) children.push(built);
        if (head.endsWith('_ref')) error = setNested(draft, [head], built.id);
        else {
          const list = (draft[head] ??= []) as string[];
          if (!list.includes(built.id)) list.push(built.id);
        }
      }
    } else if (typeof second === 'object' && second.index === '*' && typeof third === 'string' && steps.length === 3) {
      // A list of sub-objects, e.g. windows-registry-key:values[*].data: one entry per value.
      const list = (draft[head] ??= []) as Record<string, unknown>[];
      list.push({ [third]: comparison.value });
    } else if (DICTIONARIES.has(head) && typeof second === 'string' && steps.length === 2) {
      error = setNested(draft, [head, second], comparison.value);
    } else if (head === 'extensions' || steps.length === 1) {
      error = setNested(draft, steps, comparison.value);
    } else {
      error = `no observable form for ${head}`;
    }
    if (error !== undefined) return { ok: false, message: error };
  }
  const required = REQUIRED[draft.type];
  if (required !== undefined && draft[required] === undefined) return { ok: false, message: `a ${draft.type} needs ${required}` };
  const incomplete = completeType(draft, children);
  if (incomplete !== undefined) return { ok: false, message: incomplete };
  const primary = finish(draft);
  if (typeof primary === 'string') return { ok: false, message: primary };
  return { ok: true, primary, objects: [primary, ...children] };
}

/** STIX 2.1 §6 Cyber-observable object types. */
const SCO_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr',
  'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account',
  'windows-registry-key', 'x509-certificate',
]);

export function isScoId(id: string): boolean {
  return SCO_TYPES.has(id.slice(0, id.indexOf('--')));
}

/** Properties that say nothing an observable type or MISP value carries. */
const NOT_VALUES = new Set(['type', 'id', 'spec_version', 'object_marking_refs', 'granular_markings', 'defanged', 'protocols', 'is_multipart', 'extensions']);

/**
 * The comparisons an SCO amounts to, the inverse of `buildSco`: `file:name`, `file:hashes.'MD5'`,
 * `domain-name:resolves_to_refs[*].value` (the referenced SCO's value, looked up in `lookup`)…
 * Properties without such a path are left out.
 */
export function scoComparisons(sco: StixObject, lookup: (id: string) => StixObject | undefined): Comparison[] {
  const out: Comparison[] = [];
  const push = (steps: PathStep[], value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number') out.push({ path: { type: sco.type, steps }, value });
  };
  const refValue = (id: unknown): unknown => (typeof id === 'string' ? lookup(id)?.['value'] : undefined);
  for (const [key, value] of Object.entries(sco)) {
    if (NOT_VALUES.has(key)) continue;
    if (key.endsWith('_ref')) push([key, 'value'], refValue(value));
    else if (key.endsWith('_refs') && Array.isArray(value)) for (const id of value) push([key, { index: '*' }, 'value'], refValue(id));
    else if (DICTIONARIES.has(key) && typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) push([key, k], v);
    } else if (Array.isArray(value)) {
      // Lists of sub-objects (registry values): their data, one comparison each.
      for (const entry of value) if (typeof entry === 'object' && entry !== null) push([key, { index: '*' }, 'data'], (entry as Record<string, unknown>)['data']);
    } else push([key], value);
  }
  const pe = (sco['extensions'] as Record<string, Record<string, unknown>> | undefined)?.['windows-pebinary-ext'];
  if (pe?.['imphash'] !== undefined) push(['extensions', 'windows-pebinary-ext', 'imphash'], pe['imphash']);
  return out;
}

/** The SCO ids an SCO points to (its `_ref`/`_refs` properties). */
export function scoReferences(sco: StixObject): string[] {
  return Object.entries(sco).flatMap(([key, value]) => {
    if (key.endsWith('_ref') && typeof value === 'string') return [value];
    if (key.endsWith('_refs') && Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return [];
  });
}
