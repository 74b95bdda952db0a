// The marking-definitions a package can refer to: those it carries, plus the four TLP 1.0
// definitions STIX 2.1 predefines (§7.2.1.4). A reference to anything else is unknown
// (DOMAIN.md §2; fail closed), even a published TLP 2.0 id: TLP 2.0 is not predefined, so a
// package that uses it must carry it.
import type { StixObject } from '../stix/object.ts';
import { parseMarkingDefinition, type ParsedMarking, type ParseMarkingOptions } from './definition.ts';
import type { MarkingResolver } from './portions.ts';
import { canonicalTlpDefinition, isPredefinedTlp1 } from './tlp.ts';

export interface MarkingIndex {
  readonly resolve: MarkingResolver;
  /** The marking-definition object for an id: the package's own, else the predefined one. */
  definitionOf(id: string): StixObject | undefined;
}

export function buildMarkingIndex(objects: Iterable<StixObject>, options: ParseMarkingOptions = {}): MarkingIndex {
  const definitions = new Map<string, StixObject>();
  for (const o of objects) if (o.type === 'marking-definition' && typeof o.id === 'string') definitions.set(o.id, o);
  const parsed = new Map<string, ParsedMarking | undefined>();
  const definitionOf = (id: string): StixObject | undefined =>
    definitions.get(id) ?? (isPredefinedTlp1(id) ? canonicalTlpDefinition(id) : undefined);
  const resolve: MarkingResolver = (id) => {
    if (parsed.has(id)) return parsed.get(id);
    const def = definitionOf(id);
    const result = def === undefined ? undefined : parseMarkingDefinition(def, options);
    parsed.set(id, result);
    return result;
  };
  return { resolve, definitionOf };
}
