// Turns a validated STIX object into the rows the store keeps for it. Derivation lives in
// domain code (refs, markings, version); this only assembles them.
import type { StixObject } from '../domain/stix/object.ts';
import { versionOf } from '../domain/stix/object.ts';
import { extractMarkings, extractRefs } from '../domain/stix/index.ts';
import type { TextObjectWrite } from './ports.ts';

export function toObjectWrite(object: StixObject, json: string = JSON.stringify(object)): TextObjectWrite {
  return {
    id: object.id,
    type: object.type,
    // SCOs may omit spec_version; absent means 2.1 for objects in a 2.1 bundle (STIX 2.1 §3.8).
    specVersion: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
    version: versionOf(object),
    created: typeof object.created === 'string' ? object.created : null,
    modified: typeof object.modified === 'string' ? object.modified : null,
    revoked: object.revoked === true,
    json,
    refs: extractRefs(object),
    markings: extractMarkings(object),
  };
}
