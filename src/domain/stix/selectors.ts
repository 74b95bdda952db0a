// Granular-marking selectors (STIX 2.1 §7.2.3.1): components separated by '.', each a
// property name / dictionary key or a zero-based list index in brackets (`[4]`). A selector
// MUST refer to content actually present in the marked object.

import { isJsonObject } from './json.ts';

/** The list index a `[n]` component names, or -1 when the component is not an index. */
function listIndex(component: string): number {
  const n = component.length;
  if (n < 3 || component.charCodeAt(0) !== 91 || component.charCodeAt(n - 1) !== 93) return -1;
  let value = 0;
  for (let i = 1; i < n - 1; i++) {
    const d = component.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The content a selector picks out of `root`, or undefined when it does not resolve. */
export function selectContent(root: unknown, selector: string): unknown {
  if (selector === '') return undefined;
  let current: unknown = root;
  let start = 0;
  for (let i = 0; i <= selector.length; i++) {
    if (i < selector.length && selector.charCodeAt(i) !== 46) continue;
    const component = selector.slice(start, i);
    start = i + 1;
    if (component === '') return undefined;
    const index = listIndex(component);
    if (index >= 0) {
      if (!Array.isArray(current) || index >= current.length) return undefined;
      current = current[index];
    } else {
      if (!isJsonObject(current) || !Object.hasOwn(current, component)) return undefined;
      current = current[component];
    }
  }
  return current;
}

/** True when the selector resolves to content present in `root` (§7.2.3.1). */
export function resolvesSelector(root: unknown, selector: string): boolean {
  return selectContent(root, selector) !== undefined;
}
