// A dictionary of phrases looked up over a token stream: for each token that starts some
// phrase, try the longer n-grams first. Linear in the text (times the longest phrase).
import { phraseKey, type Token } from './tokens.ts';

export interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  /** Index of the first and one past the last token of the match. */
  readonly firstToken: number;
  readonly lastToken: number;
  readonly entries: readonly T[];
}

export class PhraseIndex<T> {
  private readonly byKey = new Map<string, T[]>();
  /** First-token key -> the most tokens any phrase starting with it has. */
  private readonly firstTokens = new Map<string, number>();
  /** The longest key: a longer n-gram cannot match, which keeps find() linear (see there). */
  private maxKeyLength = 0;

  add(phrase: string, entry: T): void {
    const key = phraseKey(phrase);
    if (key === null) return;
    this.maxKeyLength = Math.max(this.maxKeyLength, key.length);
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [entry]);
    else if (!list.includes(entry)) list.push(entry);
    const first = key.split(/[ ]/)[0] ?? key;
    const words = tokenCount(phrase);
    // A first token may be glued to the next ("Hay'at" -> "hayat"): index its prefix too.
    this.firstTokens.set(first, Math.max(this.firstTokens.get(first) ?? 0, words));
  }

  /** The entries of exactly this phrase (same key), or none. */
  lookup(phrase: string): readonly T[] {
    const key = phraseKey(phrase);
    return key === null ? [] : (this.byKey.get(key) ?? []);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every (longest at each start) phrase match in the text. Overlaps are left to the caller. */
  find(_text: string, tokens: readonly Token[]): PhraseMatch<T>[] {
    const matches: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      // Every phrase's first word is in firstTokens: most tokens start none and stop here.
      let maxTokens = this.maxTokensFrom(tokens, i);
      if (maxTokens === 0) continue;
      const first = tokens[i] as Token;
      let key = first.folded;
      let best: PhraseMatch<T> | undefined;
      const hit = this.byKey.get(key);
      if (hit !== undefined) best = { start: first.start, end: first.end, firstToken: i, lastToken: i + 1, entries: hit };
      // Keys glue tokens across apostrophes, so the first word of a phrase may span tokens.
      for (let j = i + 1; j < tokens.length && j - i < maxTokens; j++) {
        const tok = tokens[j] as Token;
        if (tok.join === null) break;
        key += tok.join + tok.folded;
        // Glued tokens raise maxTokens as they come, so a long glued run ("51..51..51...")
        // kept this loop going to its end from every start: cubic time, a hang on a few KB
        // (found by test/fuzz, regression text-extractor/6f07c799ce5015cf). Keys only grow: stop past the longest.
        if (key.length > this.maxKeyLength) break;
        if (tok.join === '') maxTokens++;
        const found = this.byKey.get(key);
        if (found !== undefined) best = { start: first.start, end: tok.end, firstToken: i, lastToken: j + 1, entries: found };
      }
      if (best !== undefined) matches.push(best);
    }
    return matches;
  }

  private maxTokensFrom(tokens: readonly Token[], i: number): number {
    let key = (tokens[i] as Token).folded;
    let max = this.firstTokens.get(key) ?? 0;
    // Try the glued first word ("hay" + "at").
    for (let j = i + 1; j < tokens.length && j < i + 4; j++) {
      if ((tokens[j] as Token).join !== '') break;
      key += (tokens[j] as Token).folded;
      max = Math.max(max, (this.firstTokens.get(key) ?? 0) + (j - i));
    }
    return max;
  }
}

function tokenCount(phrase: string): number {
  return (phrase.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}
