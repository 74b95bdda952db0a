// What the extractors find: a kind, the exact surface text and its character offsets.
// Offsets are UTF-16 code-unit indexes into the input string, so text.slice(start, end)
// always equals `text`.

export type MentionKind = 'group' | 'person' | 'place' | 'site' | 'date' | 'observable' | 'method' | 'marking';

export interface Mention {
  readonly kind: MentionKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export function mention(kind: MentionKind, source: string, start: number, end: number, value: unknown): Mention {
  return { kind, text: source.slice(start, end), start, end, value };
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Text already claimed by an earlier extractor. */
export interface Claimed {
  overlaps(span: Span): boolean;
}

/**
 * The union of claimed spans as sorted disjoint intervals: an overlap test is a binary
 * search, so checking every candidate of a long text stays O(n log n), not O(n²).
 */
export class SpanIndex implements Claimed {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(spans: Iterable<Span> = []) {
    for (const span of spans) this.add(span);
  }

  add(span: Span): void {
    if (span.end <= span.start) return;
    let start = span.start;
    let end = span.end;
    // First interval that ends at or after our start: it and its followers may merge.
    let i = this.firstEndingAfter(start);
    let j = i;
    while (j < this.starts.length && (this.starts[j] as number) <= end) {
      start = Math.min(start, this.starts[j] as number);
      end = Math.max(end, this.ends[j] as number);
      j++;
    }
    this.starts.splice(i, j - i, start);
    this.ends.splice(i, j - i, end);
    i++;
  }

  addAll(spans: Iterable<Span>): this {
    for (const span of spans) this.add(span);
    return this;
  }

  overlaps(span: Span): boolean {
    const i = this.firstEndingAfter(span.start + 1);
    return i < this.starts.length && (this.starts[i] as number) < span.end && span.start < (this.ends[i] as number);
  }

  /** Index of the first interval whose end is >= offset. */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Whether `span` overlaps claimed text (a span list is scanned; prefer a SpanIndex). */
export function overlapsAny(span: Span, taken: Claimed | readonly Span[]): boolean {
  if (!Array.isArray(taken)) return (taken as Claimed).overlaps(span);
  for (const other of taken as readonly Span[]) if (overlaps(span, other)) return true;
  return false;
}

/**
 * Keeps the longest of overlapping candidates, earlier first on ties, so "Islamic State West
 * Africa Province" wins over "Islamic State" and over "West Africa".
 */
export function longestNonOverlapping<T extends Span>(candidates: readonly T[]): T[] {
  const byLength = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: T[] = [];
  const index = new SpanIndex();
  for (const candidate of byLength) {
    if (index.overlaps(candidate)) continue;
    kept.push(candidate);
    index.add(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}
