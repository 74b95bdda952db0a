// The STIX pattern parser (STIX 2.1 §9) on mutated real patterns, random text, deep
// nesting and huge literals: a result for every string, an error with a message and an
// offset inside the text, and for an accepted pattern, formatting it parses back the same.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { formatPattern, parsePattern, patternObservables } from '../../../src/domain/stix/pattern/index.ts';
import type { Corpus } from '../corpus.ts';
import { mutateText, sequenceMutations } from '../mutate.ts';
import type { FuzzTarget } from '../target.ts';

/** What insertions put in: the grammar's keywords and punctuation, and strings that break lexers. */
const PATTERN_TOKENS: readonly string[] = [
  '[', ']', '(', ')', "'", "\\'", '\\\\', ' AND ', ' OR ', ' FOLLOWEDBY ', ' NOT ', ' = ', ' != ', ' > ', ' <= ', ' IN ', ' LIKE ', ' MATCHES ',
  ' ISSUBSET ', ' ISSUPERSET ', ' EXISTS ', ' WITHIN 5 SECONDS', ' REPEATS 2 TIMES', " START t'2016-01-01T00:00:00Z' STOP t'2016-01-02T00:00:00Z'",
  "t'2016-13-45T00:00:00Z'", "b'!!!'", "h'0g'", '1e999', '-', '9007199254740993', '.', ':', '[*]', '[-1]', "'SHA-256'", 'file:name', '\u0000', '\ud800', '\u2028',
];

export const patternParserTarget: FuzzTarget<string> = {
  name: 'pattern-parser',
  description: 'parsePattern on mutated patterns: a typed result always, offsets inside the text, format/parse round trip',
  inputs(corpus: Corpus) {
    const seed = fc.constantFrom(...corpus.patterns);
    return fc.oneof(
      { weight: 6, arbitrary: fc.tuple(seed, sequenceMutations(4)).map(([p, m]) => mutateText(p, m, PATTERN_TOKENS, 200_000)) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
      { weight: 1, arbitrary: fc.tuple(seed, fc.integer({ min: 1, max: 60_000 }), fc.constantFrom('(', '[')).map(([p, n, open]) => `${open.repeat(n)}${p}${(open === '(' ? ')' : ']').repeat(n)}`) },
      // Long chains, up to ~200 KB, so the time bound catches superlinear work rather than size.
      { weight: 1, arbitrary: fc.tuple(seed, fc.integer({ min: 2, max: 20_000 }), fc.constantFrom(' AND ', ' OR ', ' FOLLOWEDBY ')).map(([p, n, op]) => Array.from({ length: Math.min(n, Math.ceil(200_000 / (p.length + 1))) }, () => p).join(op)) },
      { weight: 1, arbitrary: fc.integer({ min: 1000, max: 1_000_000 }).map((n) => `[file:name = '${'a'.repeat(n)}']`) },
    );
  },
  encode: (input) => input,
  decode: (encoded) => String(encoded),
  async run(text) {
    const result = parsePattern(text);
    if (!result.ok) {
      const { message, offset } = result.error;
      const problems: string[] = [];
      if (typeof message !== 'string' || message.trim() === '') problems.push('error without a message');
      if (!Number.isInteger(offset) || offset < 0 || offset > text.length) problems.push(`error offset ${offset} is outside the text (length ${text.length})`);
      return problems;
    }
    const formatted = formatPattern(result.ast);
    const again = parsePattern(formatted);
    if (!again.ok) return [`accepted, but its canonical form does not parse: ${again.error.message} (canonical: ${formatted.slice(0, 200)})`];
    if (!isDeepStrictEqual(again.ast, result.ast)) return [`the canonical form parses to a different tree (canonical: ${formatted.slice(0, 200)})`];
    if (!Array.isArray(patternObservables(result.ast))) return ['patternObservables did not return a list'];
    return [];
  },
};
