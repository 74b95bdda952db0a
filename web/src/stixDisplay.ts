import type { StixObjectJson } from '../../src/http/wire.ts';

/** What to call an object in a list: SDOs have a name, cyber observables (§6) usually a value. */
export function displayName(object: StixObjectJson): string {
  if (typeof object.name === 'string' && object.name.trim() !== '') return object.name;
  const value = object.value;
  if (typeof value === 'string' && value !== '') return value;
  if (object.type === 'relationship' && typeof object.relationship_type === 'string') return object.relationship_type;
  return object.id;
}
