// The values an indicator's STIX pattern tests for equality (`=` and `IN`; STIX 2.1 §9),
// as observables for correlation. A light scan, not a parser: `[url:value = 'x']`,
// `[file:hashes.'SHA-256' = 'ab…']`, `[network-traffic:dst_ref.value IN ('a', 'b')]`.
// Negated tests (`NOT`, `!=`) and other operators test for something else and are skipped.
import type { ObservableFact } from './facts.ts';
import { canonicalIp } from './observables/ip.ts';

const COMPARISON = /(?<not>\bNOT\s+)?(?<type>[a-z0-9][a-z0-9-]*):(?<path>[A-Za-z0-9_.'\-[\]*]+)\s*(?<op>=|\bIN\b)\s*(?<value>'(?:[^'\\]|\\.)*'|\((?:\s*'(?:[^'\\]|\\.)*'\s*,?)+\))/g;
const LITERAL = /'((?:[^'\\]|\\.)*)'/g;

export function patternObservables(pattern: string): ObservableFact[] {
  const out: ObservableFact[] = [];
  for (const match of pattern.matchAll(COMPARISON)) {
    const groups = match.groups ?? {};
    if (groups.not !== undefined) continue;
    const type = groups.type ?? '';
    const path = groups.path ?? '';
    for (const literal of (groups.value ?? '').matchAll(LITERAL)) {
      const value = (literal[1] ?? '').replace(/\\(['\\])/g, '$1');
      const observableType = typeFor(type, path, value);
      if (observableType !== null) out.push({ type: observableType, value });
    }
  }
  return out;
}

function typeFor(type: string, path: string, value: string): string | null {
  if (type === 'file') return path.startsWith('hashes') ? 'file' : null;
  if (path === 'value') return type;
  // A reference's value (`dst_ref.value`, `from_ref.value`): tell the kind from the value.
  if (path.endsWith('_ref.value') || path.endsWith('_refs[*].value')) {
    if (canonicalIp(value) !== null) return 'ip';
    return value.includes('@') ? 'email-addr' : 'domain-name';
  }
  return null;
}
