// Every error the parser reports: what the message says and where it points. Offsets are
// located with `at(text, needle)` so each case says which character it means.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING_DEPTH, parsePattern } from './index.ts';

/** Offset of the n-th (0-based) occurrence of needle in text. */
function at(text: string, needle: string, nth = 0): number {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} not in ${text}`);
  }
  return offset;
}

interface ErrorCase {
  readonly name: string;
  readonly text: string;
  readonly message: string | RegExp;
  readonly offset: number;
}

function expectError({ text, message, offset }: ErrorCase): void {
  const result = parsePattern(text);
  if (result.ok) assert.fail(`expected an error for ${text}`);
  if (typeof message === 'string') assert.ok(result.error.message.includes(message), `message was: ${result.error.message}`);
  else assert.match(result.error.message, message);
  assert.equal(result.error.offset, offset, `offset for: ${result.error.message}`);
  assert.ok(result.error.message.endsWith(`at offset ${offset}`), result.error.message);
}

function cases(title: string, list: readonly ErrorCase[]): void {
  describe(title, () => {
    for (const c of list) test(c.name, () => expectError(c));
  });
}

const unclosed = "[ipv4-addr:value = '1.2.3.4'";
const unclosedParen = "([file:name = 'a'] AND [file:name = 'b']";
const unclosedInner = "[(file:name = 'a' OR file:name = 'b']";
const trailing = "[file:name = 'a'] garbage";
const dangling = "[file:name = 'a'] AND";
const lowerAnd = "[file:name = 'a' and file:size = 1]";
cases('structure', [
  { name: 'empty pattern', text: '', message: "expected '[' or '(' to start an observation expression, found the end of the pattern", offset: 0 },
  { name: 'unclosed bracket', text: unclosed, message: "expected ']' to close the observation expression opened at offset 0, found the end of the pattern", offset: unclosed.length },
  { name: 'unclosed observation parenthesis', text: unclosedParen, message: "expected ')' to close the parenthesis opened at offset 0", offset: unclosedParen.length },
  { name: 'unclosed comparison parenthesis', text: unclosedInner, message: "expected ')' to close the parenthesis opened at offset 1, found ']'", offset: at(unclosedInner, ']') },
  { name: 'trailing garbage', text: trailing, message: "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern, found 'garbage'", offset: at(trailing, 'garbage') },
  { name: 'dangling observation operator', text: dangling, message: "expected '[' or '(' to start an observation expression, found the end of the pattern", offset: dangling.length },
  { name: 'keywords are case-sensitive', text: lowerAnd, message: "expected ']' to close the observation expression opened at offset 0, found 'and'", offset: at(lowerAnd, 'and') },
  { name: 'empty brackets', text: '[]', message: "expected a comparison: an object path such as 'file:name', EXISTS or '(', found ']'", offset: 1 },
  { name: 'keyword where a path belongs', text: '[AND file:size = 1]', message: "expected a comparison: an object path such as 'file:name', EXISTS or '(', found 'AND'", offset: 1 },
]);

const noColon = "[file.name = 'a']";
const badOperator = "[file:name EQUALS 'a']";
const tilde = "[file:name ~ 'a']";
const bang = "[file:name ! 'a']";
const notExists = '[file:name NOT EXISTS]';
const existsAfter = '[file:name EXISTS]';
const noValue = '[file:name = ]';
const noPropertyAfterDot = '[file:hashes. = 1]';
const hyphenKey = "[file:hashes.SHA-256 = 'a']";
const badIndex = '[file:a[1.5] = 1]';
const openIndex = '[file:a[1 = 1]';
const wordIndex = '[file:a[x] = 1]';
cases('comparisons', [
  { name: "missing ':' after the type", text: noColon, message: "expected ':' after object type 'file', found '.'", offset: at(noColon, '.') },
  { name: 'unknown operator word', text: badOperator, message: 'expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET or ISSUPERSET) after the object path, found \'EQUALS\'', offset: at(badOperator, 'EQUALS') },
  { name: 'unknown operator character', text: tilde, message: "unexpected character '~' (U+007E)", offset: at(tilde, '~') },
  { name: "'!' without '='", text: bang, message: "unexpected character '!'", offset: at(bang, '!') },
  { name: 'NOT EXISTS', text: notExists, message: "(EXISTS goes before the object path), found 'EXISTS'", offset: at(notExists, 'EXISTS') },
  { name: 'EXISTS after the path', text: existsAfter, message: '(EXISTS goes before the object path)', offset: at(existsAfter, 'EXISTS') },
  { name: 'missing value', text: noValue, message: "expected a value (a 'string', number, true, false, t'timestamp', h'hex' or b'base64') after =, found ']'", offset: at(noValue, ']') },
  { name: "nothing after '.'", text: noPropertyAfterDot, message: "expected a property name or quoted key after '.', found '='", offset: at(noPropertyAfterDot, '=') },
  { name: 'unquoted key with a hyphen', text: hyphenKey, message: "property name SHA-256 contains '-' and must be quoted as 'SHA-256'", offset: at(hyphenKey, 'SHA') },
  { name: 'decimal list index', text: badIndex, message: "a list index must be a whole number or '*', found 1.5", offset: at(badIndex, '1.5') },
  { name: 'unclosed list index', text: openIndex, message: "expected ']' to close the list index opened at offset 7, found '='", offset: at(openIndex, '=') },
  { name: 'word as list index', text: wordIndex, message: "expected a list index (a whole number or '*') after '[', found 'x'", offset: at(wordIndex, 'x') },
]);

const unterminated = "[file:name = 'abc]";
const badEscape = "[file:name = 'a\\nb']";
const unterminatedTs = "[file:created > t'2016-01-01T00:00:00Z]";
const unterminatedComment = "[file:name = 'a'] /* note";
const exponent = '[file:size = 1e5]';
const leadingZero = '[file:size = 007]';
const huge = '[file:size = 9007199254740992]';
const oddHex = "[artifact:payload_bin = h'abc']";
const notHex = "[artifact:payload_bin = h'zz']";
const badBase64 = "[artifact:payload_bin = b'AAE']";
const emptyBase64 = "[artifact:payload_bin = b'']";
const unclosedSet = "[file:name IN ('a', 'b']";
cases('constants (STIX 2.1 §9 Constants)', [
  { name: 'unterminated string', text: unterminated, message: 'unterminated string: missing closing "\'"', offset: at(unterminated, "'") },
  { name: 'escape other than \\\' and \\\\', text: badEscape, message: "invalid escape '\\n' in string: only \\' and \\\\ are allowed", offset: at(badEscape, '\\') },
  { name: 'unterminated timestamp', text: unterminatedTs, message: 'unterminated timestamp: missing closing "\'"', offset: at(unterminatedTs, "t'") },
  { name: 'unterminated comment', text: unterminatedComment, message: "unterminated comment: missing closing '*/'", offset: at(unterminatedComment, '/*') },
  { name: 'exponent notation', text: exponent, message: "invalid number '1e5': numbers are plain decimal digits", offset: at(exponent, '1e5') },
  { name: 'leading zeros', text: leadingZero, message: "invalid number '007': integers have no leading zeros", offset: at(leadingZero, '007') },
  { name: 'integer beyond 2^53', text: huge, message: "integer '9007199254740992' is outside the supported range", offset: at(huge, '9007') },
  { name: 'odd number of hex digits', text: oddHex, message: "hex literal h'abc' needs an even number of hex digits", offset: at(oddHex, "h'") },
  { name: 'non-hex digits', text: notHex, message: "hex literal h'zz' may hold only hex digits", offset: at(notHex, "h'") },
  { name: 'unpadded base64', text: badBase64, message: "binary literal b'AAE' is not padded base64", offset: at(badBase64, "b'") },
  { name: 'empty base64 (the grammar needs one group)', text: emptyBase64, message: 'is not padded base64', offset: at(emptyBase64, "b'") },
  { name: 'unclosed set', text: unclosedSet, message: "expected ',' or ')' to close the set opened at offset 14, found ']'", offset: at(unclosedSet, ']') },
]);

const badFormat = "[file:created > t'2016-01-01 00:00:00Z']";
const feb30 = "[file:created > t'2016-02-30T00:00:00Z']";
const feb29 = "[file:created > t'1900-02-29T00:00:00Z']";
const month13 = "[file:created > t'2016-13-01T00:00:00Z']";
const hour24 = "[file:created > t'2016-01-01T24:00:00Z']";
const offsetZone = "[file:created > t'2016-01-01T00:00:00+01:00']";
const reversed = "[file:name = 'a'] START t'2016-01-02T00:00:00Z' STOP t'2016-01-01T00:00:00Z'";
const equal = "[file:name = 'a'] START t'2016-01-01T00:00:00.5Z' STOP t'2016-01-01T00:00:00.500Z'";
const startNoTs = "[file:name = 'a'] START '2016-01-01T00:00:00Z' STOP t'2016-01-02T00:00:00Z'";
const noStop = "[file:name = 'a'] START t'2016-01-01T00:00:00Z'";
cases('timestamps and START/STOP (STIX 2.1 §9 Pattern Qualifiers)', [
  { name: 'space instead of T', text: badFormat, message: "timestamp t'2016-01-01 00:00:00Z' is not an RFC 3339 UTC timestamp", offset: at(badFormat, "t'") },
  { name: 'February 30', text: feb30, message: 'has a day outside 01-29', offset: at(feb30, "t'") },
  { name: 'February 29 of a non-leap century', text: feb29, message: 'has a day outside 01-28', offset: at(feb29, "t'") },
  { name: 'month 13', text: month13, message: 'has a month outside 01-12', offset: at(month13, "t'") },
  { name: 'hour 24', text: hour24, message: 'has an hour outside 00-23', offset: at(hour24, "t'") },
  { name: 'not UTC', text: offsetZone, message: 'is not an RFC 3339 UTC timestamp', offset: at(offsetZone, "t'") },
  { name: 'STOP before START', text: reversed, message: "STOP t'2016-01-01T00:00:00Z' must be later than START t'2016-01-02T00:00:00Z'", offset: at(reversed, "t'", 1) },
  { name: 'STOP equal to START (fractions compared by value)', text: equal, message: 'must be later than START', offset: at(equal, "t'", 1) },
  { name: 'START with a plain string', text: startNoTs, message: "expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ' after START, found string '2016-01-01T00:00:00Z'", offset: at(startNoTs, "'2016") },
  { name: 'START without STOP', text: noStop, message: 'expected STOP after the START timestamp, found the end of the pattern', offset: noStop.length },
]);

const repeats0 = "[file:name = 'a'] REPEATS 0 TIMES";
const repeatsNegative = "[file:name = 'a'] REPEATS -2 TIMES";
const repeatsDecimal = "[file:name = 'a'] REPEATS 2.5 TIMES";
const within0 = "[file:name = 'a'] WITHIN 0 SECONDS";
const withinNegative = "[file:name = 'a'] WITHIN -1.5 SECONDS";
const withinNoUnit = "[file:name = 'a'] WITHIN 5";
const repeatsNoCount = "[file:name = 'a'] REPEATS TIMES";
cases('WITHIN and REPEATS counts', [
  { name: 'REPEATS 0', text: repeats0, message: 'REPEATS needs a positive whole number of times, found 0', offset: at(repeats0, '0') },
  { name: 'REPEATS -2', text: repeatsNegative, message: 'REPEATS needs a positive whole number of times, found -2', offset: at(repeatsNegative, '-2') },
  { name: 'REPEATS 2.5', text: repeatsDecimal, message: 'REPEATS needs a whole number of times, found 2.5', offset: at(repeatsDecimal, '2.5') },
  { name: 'WITHIN 0', text: within0, message: 'WITHIN needs a positive number of seconds, found 0', offset: at(within0, '0') },
  { name: 'WITHIN -1.5', text: withinNegative, message: 'WITHIN needs a positive number of seconds, found -1.5', offset: at(withinNegative, '-1.5') },
  { name: 'WITHIN without SECONDS', text: withinNoUnit, message: 'expected SECONDS after the WITHIN count, found the end of the pattern', offset: withinNoUnit.length },
  { name: 'REPEATS without a count', text: repeatsNoCount, message: "expected a number after REPEATS, found 'TIMES'", offset: at(repeatsNoCount, 'TIMES') },
]);

const mixed = "[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'example.com']";
const mixedViaOr = "[(file:name = 'a' OR ipv4-addr:value = '1.2.3.4') AND file:size = 1]";
const mixedThird = "[file:name = 'a' AND file:size = 1 AND EXISTS process:pid]";
cases('one object type under AND (STIX 2.1 §9 Pattern Expressions)', [
  { name: 'two types joined by AND', text: mixed, message: "comparisons joined by AND in one observation expression must use the same object type: found 'domain-name' after 'ipv4-addr'", offset: at(mixed, 'domain-name') },
  { name: 'a second type hidden in an OR under AND', text: mixedViaOr, message: "found 'ipv4-addr' after 'file'", offset: at(mixedViaOr, 'ipv4-addr') },
  { name: 'EXISTS counts too', text: mixedThird, message: "found 'process' after 'file'", offset: at(mixedThird, 'EXISTS') },
]);

const upperType = "[File:name = 'a']";
const shortType = "[ab:name = 'a']";
const longType = `[${'a'.repeat(251)}:name = 'a']`;
const upperProperty = "[file:Name = 'a']";
const hyphenProperty = "[file:'file-name' = 'a']";
cases('naming rules (STIX 2.1 §3.1, §3.2)', [
  { name: 'upper-case type', text: upperType, message: "invalid object type 'File': object types use only a-z, 0-9 and '-' and are 3 to 250 characters long", offset: 1 },
  { name: 'type shorter than 3', text: shortType, message: "invalid object type 'ab'", offset: 1 },
  { name: 'type longer than 250', text: longType, message: 'invalid object type', offset: 1 },
  { name: 'upper-case property', text: upperProperty, message: "invalid property name 'Name': property names use only a-z, 0-9 and '_'", offset: at(upperProperty, 'Name') },
  { name: 'quoted property with a hyphen', text: hyphenProperty, message: "invalid property name 'file-name'", offset: at(hyphenProperty, "'file-name'") },
]);

const emptySet = '[file:name IN ()]';
const mixedSet = "[file:size IN (1, 'a')]";
const inScalar = "[file:name IN 'a']";
const eqSet = "[file:name = ('a', 'b')]";
const gtBool = '[file:size > true]';
const likeNumber = '[file:name LIKE 5]';
const matchesNumber = '[file:name MATCHES 5]';
const badRegex = "[file:name MATCHES 'a(b']";
const subsetTs = "[ipv4-addr:value ISSUBSET t'2016-01-01T00:00:00Z']";
cases('operands (STIX 2.1 §9 Comparison Operators)', [
  { name: 'empty IN set', text: emptySet, message: 'IN needs at least one value in its set', offset: at(emptySet, '(') },
  { name: 'IN set of mixed kinds', text: mixedSet, message: 'all values in an IN set must be of one type: found a string among number values', offset: at(mixedSet, "'a'") },
  { name: 'IN with a single value', text: inScalar, message: "IN needs a parenthesised set such as ('a', 'b'), found a string", offset: at(inScalar, "'a'") },
  { name: '= with a set', text: eqSet, message: '= compares with a single value, not a set (use IN for sets)', offset: at(eqSet, '(') },
  { name: '> with a boolean', text: gtBool, message: '> needs a value that has an order', offset: at(gtBool, 'true') },
  { name: 'LIKE with a number', text: likeNumber, message: 'LIKE needs a string on its right side, found an integer', offset: at(likeNumber, '5') },
  { name: 'MATCHES with a number', text: matchesNumber, message: 'MATCHES needs a string on its right side', offset: at(matchesNumber, '5') },
  { name: 'MATCHES with a regex that does not compile', text: badRegex, message: 'MATCHES regular expression does not compile: Invalid regular expression', offset: at(badRegex, "'a(b'") },
  { name: 'ISSUBSET with a timestamp', text: subsetTs, message: 'ISSUBSET needs a string on its right side, found a timestamp', offset: at(subsetTs, "t'") },
]);

describe('MATCHES is checked as a best effort', () => {
  test('PCRE-only syntax JavaScript cannot compile is accepted', () => {
    for (const regex of ['(?i)^evil', '(?P<name>a+)', 'a++b', '(?>atomic)']) {
      assert.equal(parsePattern(`[file:name MATCHES '${regex}']`).ok, true, regex);
    }
  });
});

describe(`nesting deeper than ${MAX_NESTING_DEPTH} levels is an error, not a stack overflow`, () => {
  const leaf = "[file:name = 'a']";

  test('observation parentheses', () => {
    const text = '('.repeat(100_000) + leaf + ')'.repeat(100_000);
    expectError({ name: '', text, message: `pattern nests deeper than ${MAX_NESTING_DEPTH} levels`, offset: MAX_NESTING_DEPTH });
  });

  test('comparison parentheses', () => {
    const text = `[${'('.repeat(100_000)}file:name = 'a'${')'.repeat(100_000)}]`;
    expectError({ name: '', text, message: `pattern nests deeper than ${MAX_NESTING_DEPTH} levels`, offset: MAX_NESTING_DEPTH });
  });

  test('a long chain of qualifiers', () => {
    const text = leaf + ' REPEATS 2 TIMES'.repeat(100_000);
    const result = parsePattern(text);
    assert.ok(!result.ok);
    assert.match(result.error.message, /nests deeper than 64 levels/);
  });

  test('exactly the limit still parses', () => {
    const depth = MAX_NESTING_DEPTH - 1; // the brackets are one level
    assert.equal(parsePattern('('.repeat(depth) + leaf + ')'.repeat(depth)).ok, true);
    assert.equal(parsePattern('('.repeat(depth + 1) + leaf + ')'.repeat(depth + 1)).ok, false);
  });
});
