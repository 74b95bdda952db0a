// Mutations of real inputs, as fast-check arbitraries so failing cases shrink: a mutation is
// a small plan (which node or offset, which operation) applied to a base value, never random
// state, so the same plan on the same base always gives the same input.
//
// JSON mutations work on the parsed tree and come back as JSON text: deep nesting is spliced
// into the text, because a tree 20,000 levels deep cannot even be stringified by V8, while
// JSON.parse reads it happily (and so would our HTTP and CLI paths).
import fc from 'fast-check';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Values a node is swapped for: every JSON type, edge numbers, strings that look like STIX. */
export const SWAP_VALUES: readonly JsonValue[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, -(2 ** 63), 4294967296, '', ' ', 'x', '0', 'true', 'null',
  [], {}, [null], { '': null }, ['a', 'b'], { type: 'x' },
  '2016-01-01T00:00:00Z', '2016-13-45T99:99:99.9999999999Z', '0000-00-00T00:00:00Z', '10000-01-01T00:00:00Z',
  'indicator--00000000-0000-0000-0000-000000000000', 'identity--6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', 'x--y', '--',
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', "[file:name = 'x']", 'stix', 'bundle',
];

/** Strings that break naive code: control characters, lone surrogates, bidi overrides, very long runs. */
export const WEIRD_STRINGS: readonly string[] = [
  '\u0000', '\ud800', '\udfff', 'a\ud800b', '\u202e\u202d', '\uffff', '\ufeff', '😀'.repeat(50), 'ǅ', 'İ', 'ß', '\r\n', '\t', '\\', '"', "'",
  '%00', '../../etc/passwd', '<script>alert(1)</script>', '${x}', '{{x}}', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
];

/** Keys added or renamed to: STIX properties, prototype names, custom-property shapes. */
export const KEYS: readonly string[] = [
  'type', 'id', 'spec_version', 'created', 'modified', 'objects', 'object_refs', 'created_by_ref', 'object_marking_refs', 'granular_markings',
  'extensions', 'external_references', 'kill_chain_phases', 'pattern', 'valid_from', 'valid_until', 'name', 'labels', 'confidence', 'lang',
  'revoked', 'x_custom', 'x_', 'X_UPPER', 'a', '', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'x'.repeat(300), 'Event',
  'Attribute', 'Object', 'Tag', 'value', 'category', 'uuid', 'timestamp', 'to_ids', 'first_seen', 'last_seen', 'Galaxy', 'GalaxyCluster',
];

export type JsonMutation =
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly pick: number }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly kind: 'array' | 'object' }
  /** A custom property (x_fuzz) holding a deep value, added to an object: keeps a valid object valid. */
  | { readonly op: 'customNest'; readonly at: number; readonly depth: number; readonly kind: 'array' | 'object' }
  | { readonly op: 'huge'; readonly at: number; readonly length: number; readonly pick: number }
  | { readonly op: 'weird'; readonly at: number; readonly pick: number }
  | { readonly op: 'rename'; readonly at: number; readonly pick: number }
  | { readonly op: 'add'; readonly at: number; readonly pick: number; readonly value: number };

export interface JsonMutationLimits {
  /** Deepest nesting spliced in. */
  readonly maxDepth: number;
  /** Longest string put in. */
  readonly maxString: number;
}

export const DEFAULT_JSON_LIMITS: JsonMutationLimits = { maxDepth: 30_000, maxString: 2_000_000 };

export function jsonMutation(limits: JsonMutationLimits = DEFAULT_JSON_LIMITS): fc.Arbitrary<JsonMutation> {
  const at = fc.nat();
  const pick = fc.nat();
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('swap' as const), at, pick }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('nest' as const), at, depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: limits.maxDepth })), kind: fc.constantFrom('array' as const, 'object' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('customNest' as const), at, depth: fc.integer({ min: 100, max: limits.maxDepth }), kind: fc.constantFrom('array' as const, 'object' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('huge' as const), at, length: fc.oneof(fc.integer({ min: 1000, max: 70_000 }), fc.integer({ min: 70_000, max: limits.maxString })), pick }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('weird' as const), at, pick }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), at, pick }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), at, pick, value: fc.nat() }) },
  );
}

export function jsonMutations(limits: JsonMutationLimits = DEFAULT_JSON_LIMITS, maxLength = 4): fc.Arbitrary<JsonMutation[]> {
  return fc.array(jsonMutation(limits), { minLength: 1, maxLength });
}

interface Slot {
  readonly parent: JsonValue[] | { [key: string]: JsonValue } | null;
  readonly key: string | number;
}

/** Every node of the tree as a (parent, key) slot, breadth first, at most `cap` of them. */
function slots(root: { value: JsonValue }, cap = 20_000): Slot[] {
  const out: Slot[] = [{ parent: root as unknown as { [key: string]: JsonValue }, key: 'value' }];
  for (let i = 0; i < out.length && out.length < cap; i += 1) {
    const slot = out[i] as Slot;
    const node = (slot.parent as Record<string | number, JsonValue>)[slot.key];
    if (Array.isArray(node)) node.forEach((_, k) => out.push({ parent: node, key: k }));
    else if (node !== null && typeof node === 'object') for (const k of Object.keys(node)) out.push({ parent: node, key: k });
  }
  return out;
}

/** Sets an own property, even `__proto__`, the way JSON.parse does. */
function setOwn(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const NEST_MARK = '\u0000tearline-fuzz-nest-';

/** Applies the mutations to a copy of `base` and returns the result as JSON text. */
export function mutateJson(base: JsonValue, mutations: readonly JsonMutation[]): string {
  const root = { value: JSON.parse(JSON.stringify(base)) as JsonValue };
  const nests: { depth: number; kind: 'array' | 'object' }[] = [];
  for (const m of mutations) {
    const all = slots(root);
    const slot = all[m.at % all.length] as Slot;
    const parent = slot.parent as Record<string | number, JsonValue>;
    const isRoot = slot.parent === (root as unknown);
    const current = parent[slot.key] as JsonValue;
    switch (m.op) {
      case 'delete':
        if (isRoot) break;
        if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else delete parent[slot.key];
        break;
      case 'duplicate':
        if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 0, JSON.parse(JSON.stringify(current)) as JsonValue);
        else if (!isRoot) setOwn(parent as { [key: string]: JsonValue }, `${String(slot.key)}_copy`, JSON.parse(JSON.stringify(current)) as JsonValue);
        break;
      case 'swap':
        parent[slot.key] = JSON.parse(JSON.stringify(SWAP_VALUES[m.pick % SWAP_VALUES.length])) as JsonValue;
        break;
      case 'nest':
        parent[slot.key] = `${NEST_MARK}${nests.length}`;
        nests.push({ depth: m.depth, kind: m.kind });
        break;
      case 'customNest':
        if (current === null || typeof current !== 'object' || Array.isArray(current)) break;
        setOwn(current, 'x_fuzz', `${NEST_MARK}${nests.length}`);
        nests.push({ depth: m.depth, kind: m.kind });
        break;
      case 'huge': {
        const unit = m.pick % 3 === 0 ? 'A' : m.pick % 3 === 1 ? 'é字' : typeof current === 'string' && current.length > 0 ? current : 'x';
        parent[slot.key] = unit.repeat(Math.ceil(m.length / unit.length)).slice(0, m.length);
        break;
      }
      case 'weird':
        parent[slot.key] = typeof current === 'string' ? current + (WEIRD_STRINGS[m.pick % WEIRD_STRINGS.length] as string) : (WEIRD_STRINGS[m.pick % WEIRD_STRINGS.length] as string);
        break;
      case 'rename':
        if (isRoot || Array.isArray(slot.parent)) break;
        delete parent[slot.key];
        setOwn(parent as { [key: string]: JsonValue }, KEYS[m.pick % KEYS.length] as string, current);
        break;
      case 'add':
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
          setOwn(current, KEYS[m.pick % KEYS.length] as string, JSON.parse(JSON.stringify(SWAP_VALUES[m.value % SWAP_VALUES.length])) as JsonValue);
        } else if (Array.isArray(current)) {
          current.push(JSON.parse(JSON.stringify(SWAP_VALUES[m.value % SWAP_VALUES.length])) as JsonValue);
        }
        break;
    }
  }
  let text = JSON.stringify(root.value);
  nests.forEach((nest, i) => {
    const [open, close] = nest.kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
    text = text.replace(JSON.stringify(`${NEST_MARK}${i}`), `${open.repeat(nest.depth)}0${close.repeat(nest.depth)}`);
  });
  return text;
}

// --- text and byte mutations ------------------------------------------------------------

export type SequenceMutation =
  | { readonly op: 'flip'; readonly at: number; readonly mask: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly pick: number }
  | { readonly op: 'remove'; readonly at: number; readonly length: number }
  | { readonly op: 'repeat'; readonly at: number; readonly length: number; readonly times: number };

/** Offsets are fractions (in millionths) of the length, so a plan fits any input. */
const FRACTION = 1_000_000;

export function sequenceMutations(maxLength = 5): fc.Arbitrary<SequenceMutation[]> {
  const at = fc.integer({ min: 0, max: FRACTION - 1 });
  return fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
      { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at, pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), at, length: fc.integer({ min: 1, max: 64 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 5000 }) }) },
    ),
    { minLength: 1, maxLength },
  );
}

/** Applies character-level mutations to a string; `tokens` are what `insert` puts in; the result is cut at `maxLength`. */
export function mutateText(base: string, mutations: readonly SequenceMutation[], tokens: readonly string[], maxLength = 1_000_000): string {
  let text = base;
  for (const m of mutations) {
    text = text.slice(0, maxLength);
    const i = Math.floor((m.at / FRACTION) * (text.length + 1));
    switch (m.op) {
      case 'flip':
        if (text.length === 0) break;
        text = text.slice(0, Math.min(i, text.length - 1)) + String.fromCharCode(text.charCodeAt(Math.min(i, text.length - 1)) ^ m.mask) + text.slice(Math.min(i, text.length - 1) + 1);
        break;
      case 'truncate':
        text = text.slice(0, i);
        break;
      case 'insert':
        text = text.slice(0, i) + (tokens[m.pick % tokens.length] ?? '') + text.slice(i);
        break;
      case 'remove':
        text = text.slice(0, i) + text.slice(i + m.length);
        break;
      case 'repeat':
        text = text.slice(0, i) + text.slice(i, i + m.length).repeat(m.times) + text.slice(i);
        break;
    }
  }
  return text.slice(0, maxLength);
}

/** The same mutations on raw bytes (flips can make invalid UTF-8, which is the point). */
export function mutateBytes(base: Uint8Array, mutations: readonly SequenceMutation[], tokens: readonly Uint8Array[], maxLength = 1_000_000): Uint8Array {
  let bytes = Buffer.from(base);
  for (const m of mutations) {
    bytes = bytes.subarray(0, maxLength);
    const i = Math.floor((m.at / FRACTION) * (bytes.length + 1));
    switch (m.op) {
      case 'flip':
        if (bytes.length === 0) break;
        bytes[Math.min(i, bytes.length - 1)] = (bytes[Math.min(i, bytes.length - 1)] as number) ^ m.mask;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, i);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, i), tokens[m.pick % tokens.length] ?? Buffer.alloc(0), bytes.subarray(i)]);
        break;
      case 'remove':
        bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + m.length)]);
        break;
      case 'repeat': {
        const slice = bytes.subarray(i, i + m.length);
        bytes = Buffer.concat([bytes.subarray(0, i), ...Array.from({ length: m.times }, () => slice), bytes.subarray(i)]);
        break;
      }
    }
  }
  return new Uint8Array(bytes.subarray(0, maxLength));
}

/** Tokens that JSON text mutations insert: structure, duplicate keys, deep openers. */
export const JSON_TOKENS: readonly string[] = [
  '{', '}', '[', ']', ',', ':', '"', '\\', 'null', 'true', '-0', '1e999', '"type":"indicator",', '"id":"x",', '"objects":[],',
  '"__proto__":{"x":1},', '['.repeat(1000), '{"a":'.repeat(500), '\u0000', '\ud800', '\ufeff', '\r\n',
];
