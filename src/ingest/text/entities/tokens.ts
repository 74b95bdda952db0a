// Word tokens with offsets, and the look-up key of a phrase. Keys join folded tokens so
// that spelling variants meet: "Hay'at" = "Hayat", "IS-K" = "IS K", "U.S." = "US",
// "Jama’at" = "Jama'at", "Bābil" = "Babil".

export interface Token {
  readonly start: number;
  readonly end: number;
  /** Lower case, no diacritics. */
  readonly folded: string;
  /** How this token joins the previous one in a phrase key (see `joiner`). */
  readonly join: '' | ' ' | null;
}

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Fast path: plain ASCII needs no decomposition.
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(COMBINING_MARKS, '');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(WORD)) {
    const join = previousEnd < 0 ? null : joiner(text.slice(previousEnd, match.index));
    tokens.push({ start: match.index, end: match.index + match[0].length, folded: foldWord(match[0]), join });
    previousEnd = match.index + match[0].length;
  }
  return tokens;
}

/**
 * How two neighbouring tokens join in a key: '' inside a word (apostrophe, dot), ' ' across
 * a space or hyphen, or null when punctuation separates them (the phrase ends there).
 */
export function joiner(gap: string): '' | ' ' | null {
  if (gap === ' ') return ' ';
  if (gap === '') return '';
  if (gap.length > 4) return null;
  if (/^['’‘`´ʼ.]+$/.test(gap)) return '';
  if (/^[\s\-‐‑–—'’.]+$/.test(gap)) return ' ';
  return null;
}

export function phraseKey(phrase: string): string | null {
  const tokens = tokenize(phrase);
  if (tokens.length === 0) return null;
  let key = tokens[0]?.folded ?? '';
  for (let i = 1; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (tok.join === null) return null;
    key += tok.join + tok.folded;
  }
  return key;
}
