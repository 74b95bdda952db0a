// The syntax tree of a STIX 2.1 pattern (STIX 2.1 §9). Plain immutable data with no source
// positions, so that two patterns that mean the same thing compare deep-equal and
// `parsePattern(formatPattern(ast))` gives back `ast` exactly. Positions for error messages
// live in a side table kept by the parser (see parser.ts).
//
// Operators joined without parentheses are flattened into one node with two or more
// operands (`a OR b OR c` is one node), so a list of ten thousand IOCs is one wide node,
// not a tree ten thousand levels deep. Parentheses themselves leave no node behind.

/** A whole pattern expression. */
export interface Pattern {
  readonly kind: 'pattern';
  readonly expression: ObservationExpression;
}

export type ObservationExpression = Observation | ObservationCompound | QualifiedObservation;

/** `[ comparison ]`: one observation expression (STIX 2.1 §9, Pattern Expressions). */
export interface Observation {
  readonly kind: 'observation';
  readonly comparison: ComparisonExpression;
}

/** Observation operators, tightest first: AND, OR, FOLLOWEDBY (STIX 2.1 §9, Observation Operators). */
export type ObservationOperator = 'AND' | 'OR' | 'FOLLOWEDBY';

export interface ObservationCompound {
  readonly kind: 'observation-compound';
  readonly operator: ObservationOperator;
  /** Two or more operands, in source order. */
  readonly operands: readonly ObservationExpression[];
}

/** An observation expression followed by one qualifier (STIX 2.1 §9, Pattern Qualifiers). */
export interface QualifiedObservation {
  readonly kind: 'qualified';
  readonly expression: ObservationExpression;
  readonly qualifier: Qualifier;
}

export type Qualifier = WithinQualifier | RepeatsQualifier | StartStopQualifier;

/** `WITHIN n SECONDS`; n is a positive integer or decimal. */
export interface WithinQualifier {
  readonly kind: 'within';
  readonly seconds: number;
}

/** `REPEATS n TIMES`; n is a positive integer. */
export interface RepeatsQualifier {
  readonly kind: 'repeats';
  readonly times: number;
}

/** `START t'...' STOP t'...'`; start is strictly before stop. */
export interface StartStopQualifier {
  readonly kind: 'start-stop';
  readonly start: TimestampLiteral;
  readonly stop: TimestampLiteral;
}

export type ComparisonExpression = ComparisonCompound | Comparison | ExistsComparison;

/** Comparison-level boolean operators; AND binds tighter than OR. */
export type BooleanOperator = 'AND' | 'OR';

export interface ComparisonCompound {
  readonly kind: 'comparison-compound';
  readonly operator: BooleanOperator;
  /** Two or more operands, in source order. */
  readonly operands: readonly ComparisonExpression[];
}

/** The binary comparison operators (STIX 2.1 §9, Comparison Operators). `==` and `<>` are read as `=` and `!=`. */
export type ComparisonOperator =
  | '='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

/** `path [NOT] operator value`. */
export interface Comparison {
  readonly kind: 'comparison';
  readonly path: ObjectPath;
  readonly operator: ComparisonOperator;
  /** True when the operator is preceded by NOT. */
  readonly negated: boolean;
  readonly value: Literal | SetLiteral;
}

/** `EXISTS path`. */
export interface ExistsComparison {
  readonly kind: 'exists';
  readonly path: ObjectPath;
}

/**
 * `type:first.next[0].'quoted key'[*]` (STIX 2.1 §9, Object Path Syntax). The first step is
 * always a property; quoting is a matter of spelling, so names are stored unquoted.
 */
export interface ObjectPath {
  readonly objectType: string;
  readonly steps: readonly [PropertyStep, ...PathStep[]];
}

export type PathStep = PropertyStep | IndexStep;

export interface PropertyStep {
  readonly kind: 'property';
  readonly name: string;
}

/** A list index; `'*'` means any element. */
export interface IndexStep {
  readonly kind: 'index';
  readonly index: number | '*';
}

/** The constants of STIX 2.1 §9, Constants. */
export type Literal =
  | StringLiteral
  | IntegerLiteral
  | FloatLiteral
  | BooleanLiteral
  | TimestampLiteral
  | HexLiteral
  | BinaryLiteral;

export interface StringLiteral {
  readonly kind: 'string';
  /** The unescaped value. */
  readonly value: string;
}

/** A safe integer (|n| <= 2^53 - 1); larger integers are rejected rather than rounded. */
export interface IntegerLiteral {
  readonly kind: 'integer';
  readonly value: number;
}

/** A finite number written with a decimal point. */
export interface FloatLiteral {
  readonly kind: 'float';
  readonly value: number;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** `t'2016-01-01T00:00:00Z'`; value is the RFC 3339 text between the quotes. */
export interface TimestampLiteral {
  readonly kind: 'timestamp';
  readonly value: string;
}

/** `h'ff00'`; value is the hex digits as written. */
export interface HexLiteral {
  readonly kind: 'hex';
  readonly value: string;
}

/** `b'AAEC'`; value is the base64 text as written. */
export interface BinaryLiteral {
  readonly kind: 'binary';
  readonly value: string;
}

/** `(a, b, c)`: the right side of IN. */
export interface SetLiteral {
  readonly kind: 'set';
  readonly elements: readonly Literal[];
}
