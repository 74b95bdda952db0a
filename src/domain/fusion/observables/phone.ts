// Phone numbers as E.164 (ITU-T E.164: "+" then at most 15 digits). Inputs are already
// international (E.164, "00" prefix, or bare digits with the country code), written with
// spaces, dots, hyphens, slashes or parentheses. Turning local numbers into international
// ones needs the country's numbering plan: that is the extractor's job, not correlation's.

/** "+<digits>", or null when the text is not an international number. */
export function canonicalPhone(input: string): string | null {
  let text = input.trim().replace(/^tel:/i, '');
  text = text.replace(/[\s.\-/()\u00a0]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  if (!text.startsWith('+')) text = `+${text}`;
  // Country codes never start with 0; 8 digits is the shortest real international number.
  if (!/^\+[1-9]\d{7,14}$/.test(text)) return null;
  return text;
}
