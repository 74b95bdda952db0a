// Text folding for dictionary look-ups: case, diacritics and apostrophe variants differ
// between sources ("Jama’at" / "Jama'at", "Bābil" / "Babil", "Düsseldorf" / "Dusseldorf").

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /[’‘`´ʼʻ′]/g;
const DASHES = /[‐‑‒–—―]/g;

/** Lower case, no diacritics, one kind of apostrophe and hyphen, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim();
}

/** Like fold, but also drops apostrophes, hyphens and dots: "Hay'at" = "Hayat", "IS-K" = "IS K". */
export function looseFold(text: string): string {
  return fold(text).replace(/['.]/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
}

export function isUpperWord(word: string): boolean {
  return /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);
}

export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}
