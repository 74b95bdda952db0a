// RFC 5646 language tags, as STIX requires for `lang` (§3.2), granular-marking `lang` (§7.2.3)
// and language-content keys (§7.1). This checks the tag's shape (§2.1 of RFC 5646: hyphen-
// separated subtags of 1-8 alphanumerics, a 2-8 letter primary language subtag, or a private
// use / grandfathered `x-`/`i-` prefix), not membership in the IANA registry.

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAlphanumeric(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57);
}

export function isLanguageTag(tag: string): boolean {
  const n = tag.length;
  if (n === 0) return false;
  let subtagStart = 0;
  let subtagIndex = 0;
  let firstIsPrefix = false;
  for (let i = 0; i <= n; i++) {
    if (i < n && tag.charCodeAt(i) !== 45) continue;
    const length = i - subtagStart;
    if (length < 1 || length > 8) return false;
    for (let j = subtagStart; j < i; j++) {
      const c = tag.charCodeAt(j);
      if (subtagIndex === 0 ? !isAlpha(c) : !isAlphanumeric(c)) return false;
    }
    if (subtagIndex === 0) {
      firstIsPrefix = length === 1;
      if (firstIsPrefix) {
        const c = tag.charCodeAt(0) | 32;
        if (c !== 120 /* x */ && c !== 105 /* i */) return false;
      }
    }
    subtagIndex++;
    subtagStart = i + 1;
  }
  // `x` and `i` only introduce a tag; they are never a whole one.
  return !(firstIsPrefix && subtagIndex < 2);
}
