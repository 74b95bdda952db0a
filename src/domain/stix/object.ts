// The minimal shape every STIX 2.1 object shares. Specific types are validated by
// property specs (see validate/), not by TypeScript types: objects arrive as untrusted JSON.

/** A STIX object as parsed JSON. Only `type` and `id` are guaranteed once validated. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly spec_version?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly revoked?: boolean;
  readonly [property: string]: unknown;
}

export interface StixBundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects?: readonly StixObject[];
}

/**
 * The version key of an object: `modified`, else `created` (marking definitions have no
 * `modified`), else '' (SCOs carry no timestamps and have one version per id).
 * TAXII 2.1 §3.4.2 identifies versions the same way.
 */
export function versionOf(object: Pick<StixObject, 'modified' | 'created'>): string {
  if (typeof object.modified === 'string') return object.modified;
  if (typeof object.created === 'string') return object.created;
  return '';
}
