// What an authenticated account may do with a collection, per the TAXII 2.1 endpoint tables.
// A collection the account can neither read nor write does not exist for it (404), so its
// existence does not leak; one it can see but not use this way is 403.

export type Need =
  /** §5.2 Get a Collection. */
  | 'see'
  /** §5.3 Get Object Manifests, §5.4 Get Objects, §5.6 Get an Object, §5.8 Get Object Versions: can_read. */
  | 'read'
  /** §5.5 Add Objects: can_write. */
  | 'write'
  /** §5.7 Delete an Object: can_read and can_write. */
  | 'delete';

export type AccessDecision = 'allow' | 'forbidden' | 'not-found';

export interface Rights {
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** `rights` null: no such collection. */
export function decideAccess(need: Need, rights: Rights | null): AccessDecision {
  if (rights === null) return 'not-found';
  // §5.3-§5.8: can_read false MUST be 403 or 404 (likewise can_write for §5.5); we answer
  // 404 when the account has no right at all on the collection, 403 otherwise. The §5.7
  // table is exactly this: false/false 404, one of them 403, both allowed.
  if (!rights.canRead && !rights.canWrite) return 'not-found';
  switch (need) {
    case 'see':
      return 'allow';
    case 'read':
      return rights.canRead ? 'allow' : 'forbidden';
    case 'write':
      return rights.canWrite ? 'allow' : 'forbidden';
    case 'delete':
      return rights.canRead && rights.canWrite ? 'allow' : 'forbidden';
  }
}
