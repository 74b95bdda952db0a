// Name keys for matching actors, sites and targets written differently by different
// sources: case, diacritics, punctuation, spacing and a leading article do not count
// ("Hay'at Tahrir al-Sham" = "Hayat Tahrir al Sham", "IS-K" = "ISK", "The Base" = "Base",
// "Iraq & Syria" = "Iraq and Syria").
// Transliteration variants ("Zaynab"/"Zainab") are not guessed: sources give aliases.

const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/** The comparison key of a name; '' when nothing comparable is left. */
export function nameKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .trim()
    .replace(/^(?:the|a|an)\s+/u, '')
    .replace(/\s*&\s*/gu, ' and ');
  return folded.replace(NOT_LETTER_OR_DIGIT, '');
}

/** The distinct non-empty keys of a list of names. */
export function nameKeys(names: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const name of names) {
    const key = nameKey(name);
    if (key !== '') keys.add(key);
  }
  return keys;
}

/** The names of `a` whose keys also belong to `b`: the evidence that two name sets meet. */
export function sharedNames(a: readonly string[], b: ReadonlySet<string>): string[] {
  return a.filter((name) => b.has(nameKey(name)));
}
