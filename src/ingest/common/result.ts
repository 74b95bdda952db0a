// What every importer returns: the STIX objects, the items it rejected (bad input) and the
// items it could not map to STIX (kept in another form, or skipped on purpose), each with a
// reason, plus counts.
import type { StixObject } from '../../domain/stix/object.ts';
import { versionOf } from '../../domain/stix/object.ts';
import { combineMarkings, markingDefinition } from './markings.ts';

export interface ImportIssue {
  /** What the issue is about, e.g. `attribute 5a3c…` or `row 7`. */
  readonly item: string;
  /** The physical line where the item starts, for line-based inputs. */
  readonly line?: number;
  /** Stable machine-readable reason, e.g. `invalid-value`, `unknown-type`, `unmapped-type`. */
  readonly code: string;
  readonly message: string;
}

export interface ImportResult {
  readonly objects: StixObject[];
  readonly rejected: ImportIssue[];
  readonly unmapped: ImportIssue[];
  readonly summary: Record<string, number>;
}

/**
 * Collects output objects once each. The same (id, version) met twice is one object; for
 * SCOs, which have one version per id (§2.9), the marking refs of both are combined so the
 * most restrictive TLP wins and nothing is released under the weaker of two markings.
 */
export class ObjectCollector {
  private readonly byKey = new Map<string, StixObject>();
  private readonly ids = new Set<string>();

  add(object: StixObject): void {
    const key = `${object.id}|${versionOf(object)}`;
    const existing = this.byKey.get(key);
    if (existing === undefined) {
      this.byKey.set(key, object);
      this.ids.add(object.id);
      return;
    }
    const a = existing['object_marking_refs'] as string[] | undefined;
    const b = object['object_marking_refs'] as string[] | undefined;
    if (a === undefined && b === undefined) return;
    const combined = combineMarkings(a, b);
    this.byKey.set(key, { ...existing, object_marking_refs: combined });
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * Every object, plus the marking definitions of our TLP/PAP ids that are referenced (TLP 2.0
   * definitions are not predefined and must travel with their users, DOMAIN.md §2; TLP 1.0
   * ones are added too so the output is self-contained).
   */
  objects(): StixObject[] {
    const out = [...this.byKey.values()];
    const present = new Set(out.map((o) => o.id));
    const needed: StixObject[] = [];
    for (const object of out) {
      for (const ref of (object['object_marking_refs'] as string[] | undefined) ?? []) {
        const definition = present.has(ref) ? undefined : markingDefinition(ref);
        if (definition !== undefined) {
          present.add(ref);
          needed.push(definition);
        }
      }
    }
    return [...needed, ...out];
  }
}

export class Counter {
  readonly counts: Record<string, number> = {};
  add(key: string, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }
}
