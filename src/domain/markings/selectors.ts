// Granular marking selectors (STIX 2.1 §7.2.3.1): a property name, then `.`-separated
// sub-property names, dictionary keys and list indexes written `[n]`, e.g. `description`,
// `labels.[1]`, `external_references.[0].url`, `kill_chain_phases.[0].phase_name`.

/** One step of a path: a property name / dictionary key, or a list index. */
export type Segment = string | number;

/** Parses a selector; undefined when it is malformed (empty part, bad index). */
export function parseSelector(selector: string): Segment[] | undefined {
  if (selector === '') return undefined;
  const out: Segment[] = [];
  for (const part of selector.split('.')) {
    if (part === '') return undefined;
    if (part.startsWith('[')) {
      const m = /^\[(0|[1-9][0-9]*)\]$/.exec(part);
      if (!m) return undefined;
      out.push(Number(m[1]));
    } else {
      out.push(part);
    }
  }
  // §7.2.3.1: a selector starts at a property of the object, never at a list index.
  if (typeof out[0] !== 'string') return undefined;
  return out;
}

export function formatSelector(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}

/** Whether `path` selects something present in `root`. */
export function resolves(root: unknown, path: readonly Segment[]): boolean {
  let node: unknown = root;
  for (const s of path) {
    if (typeof s === 'number') {
      if (!Array.isArray(node) || s >= node.length) return false;
      node = node[s];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, s)) return false;
      node = (node as Record<string, unknown>)[s];
    }
  }
  return true;
}

/** Whether `prefix` is `path` or one of its ancestors. */
export function isPrefix(prefix: readonly Segment[], path: readonly Segment[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}
