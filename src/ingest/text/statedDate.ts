// The publication date a report states about itself, from its first lines: a dateline such
// as "DAMASCUS, 12 March 2025" or a header "Date: 2025-03-12". Only the opening is read, so
// dates in the body (the plot's date) are never mistaken for the publication date.
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const HEAD_CHARS = 400;

export function statedPublicationDate(text: string): string | undefined {
  const head = text.slice(0, HEAD_CHARS);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(head);
  if (iso !== null) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b/i.exec(head);
  if (dayFirst !== null) return valid(Number(dayFirst[3]), month(dayFirst[2] as string), Number(dayFirst[1]));
  const monthFirst = /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b/i.exec(head);
  if (monthFirst !== null) return valid(Number(monthFirst[3]), month(monthFirst[1] as string), Number(monthFirst[2]));
  return undefined;
}

/** A calendar date YYYY-MM-DD that names a real day (2024-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && valid(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

function month(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) + 1;
}

function valid(year: number, monthNumber: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, monthNumber - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== monthNumber - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
