// Names of properties the specification does not define: custom properties (§11.1.1),
// extension properties (§7.3.2.1) and properties of custom objects (§11.2.1).

import type { Ctx, UnknownPropertyMode } from '../specs/kinds.ts';

/** §3.8: reserved across all STIX Objects; MUST NOT be used, not even as a custom property. */
const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set(['severity', 'username', 'phone_number', 'action']);

/**
 * §11.1.1 / §7.3.2.1: ASCII a-z, 0-9 and underscore, 3 to 250 characters; §3.1: property names
 * MUST begin with a letter.
 */
export function isPropertyName(name: string): boolean {
  const n = name.length;
  if (n < 3 || n > 250) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const letter = c >= 97 && c <= 122;
    if (i === 0 ? !letter : !(letter || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

export function checkUnknownPropertyName(name: string, path: string, ctx: Ctx, mode: UnknownPropertyMode): void {
  if (RESERVED_PROPERTY_NAMES.has(name)) {
    ctx.sink.error(path, 'reserved-property', `"${name}" is a reserved property name and MUST NOT be used (§3.8)`);
  } else if (!isPropertyName(name)) {
    ctx.sink.error(path, 'invalid-property-name', `"${name}" is not a valid property name: 3-250 characters of a-z, 0-9 and _, starting with a letter (§3.1, §11.1.1)`);
  } else if (mode === 'custom' && !name.startsWith('x_')) {
    ctx.sink.warn(path, 'custom-property-prefix', `custom property "${name}" SHOULD start with x_ (§11.1.1)`);
  }
}
