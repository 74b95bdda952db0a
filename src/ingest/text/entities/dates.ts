// Dates resolved against the publication date. chrono-node (strict mode) reads day-level
// expressions ("Nov. 14", "Monday 14 April 2025", "December 21-22"); our own rules read
// what it misses or gets wrong for reports: numeric dates in the document's order (US
// MM/DD or European DD/MM), month-years, bare years, relative spans ("within the next
// 72 hours", "earlier this month", "the end of the year", "last week") and bare weekdays,
// resolved by tense to the nearest fitting day within a week of publication.
import * as chrono from 'chrono-node';
import { type Claimed, longestNonOverlapping, overlapsAny } from '../mention.ts';

export interface DateHit {
  readonly start: number;
  readonly end: number;
  /** YYYY-MM-DD, YYYY-MM, YYYY, or start/end for a span. */
  readonly value: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const MONTH_WORD = new RegExp(String.raw`\b${MONTH_NAME}\b`, 'gi');
const TRAILING_TIME = /[,\s]+(?:from|at|between|by|until|to|after|before)?\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs|h)?(?:\s*(?:to|-|–|and)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs|h)?)?\s*$/i;
const FULL_MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December)`;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, fifteen: 15, twenty: 20, thirty: 30, 'twenty-four': 24, 'forty-eight': 48, 'seventy-two': 72,
};
const NUM = String.raw`(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|twenty-four|forty-eight|seventy-two)`;

const FUTURE_CUES = new Set([
  'will', 'would', 'shall', "'ll", 'going', 'expected', 'expects', 'scheduled', 'planned', 'plan', 'plans', 'planning', 'intend', 'intends',
  'intended', 'intending', 'preparing', 'prepare', 'prepares', 'due', 'set', 'upcoming', 'coming', 'target', 'targets', 'targeting', 'during',
  'threaten', 'threatens', 'threatened', 'demanding', 'demand', 'demands', 'deadline', 'hosts', 'host', 'begin', 'begins', 'start', 'starts',
  'next', 'await', 'awaiting', 'could', 'may', 'might', 'must', 'should', 'ahead', 'strike', 'attack',
]);
const PAST_CUES = new Set([
  'was', 'were', 'had', 'did', 'said', 'told', 'says', 'last', 'ago', 'earlier', 'previously', 'began', 'met', 'left', 'took', 'sent', 'saw',
  'heard', 'came', 'went', 'fell', 'wrote', 'found', 'held', 'won', 'ran', 'made', 'gave', 'got', 'hit', 'shot', 'killed', 'arrested', 'since',
]);
const PASSIVE_AUXILIARIES = new Set(['be', 'been', 'being', 'is', 'are', 'was', 'were', 'get', 'gets', 'got']);
const FUTURE_BEFORE = /\b(?:until|till|by|from|before|next|this coming|starting|beginning|ahead of)\s+$/i;
const PAST_BEFORE = /\b(?:last|since|past|previous)\s+$/i;

export interface DateOptions {
  /** YYYY-MM-DD. */
  readonly published: string;
  /** Whether numeric dates read month first (US) — decided from the text when absent. */
  readonly monthFirst?: boolean;
}

export function findDates(text: string, options: DateOptions, taken: Claimed): DateHit[] {
  const pub = parseIso(options.published);
  const monthFirst = options.monthFirst ?? numericOrder(text);
  const hits: DateHit[] = [
    ...numericDates(text, monthFirst),
    ...relativeSpans(text, pub),
    ...monthYears(text),
    ...chronoDates(text, pub),
    ...weekdays(text, pub),
    ...monthsAlone(text, pub),
    ...bareYears(text),
  ];
  return longestNonOverlapping(hits.filter((h) => !overlapsAny(h, taken)));
}

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

function parseIso(iso: string): Ymd {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Ymd, days: number): Date {
  return utc(date.y, date.m, date.d + days);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** US documents write 09/22/2026; European 16/02/2024. The text's unambiguous dates decide. */
export function numericOrder(text: string): boolean {
  let us = 0;
  let eu = 0;
  for (const m of text.matchAll(/(?<![\w\-/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\w\-/])/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) eu++;
    if (b > 12 && a <= 12) us++;
  }
  return us >= eu;
}

function numericDates(text: string, monthFirst: boolean): DateHit[] {
  const hits: DateHit[] = [];
  for (const m of text.matchAll(/(?<![\w\-/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\w\-/]|\.\d)/g)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    let month = monthFirst ? a : b;
    let day = monthFirst ? b : a;
    if (month > 12 && day <= 12) [month, day] = [day, month];
    if (!validDay(y, month, day)) continue;
    hits.push(withWeekdayPrefix(text, m.index, m.index + m[0].length, `${y}-${pad(month)}-${pad(day)}`));
  }
  for (const m of text.matchAll(/(?<![\w\-/.])(\d{4})-(\d{2})-(\d{2})(?![\w\-]|\.\d)/g)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDay(y, mo, d)) hits.push({ start: m.index, end: m.index + m[0].length, value: `${y}-${pad(mo)}-${pad(d)}` });
  }
  return hits;
}

function withWeekdayPrefix(text: string, start: number, end: number, value: string): DateHit {
  const before = /(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?[ \t]+$/.exec(text.slice(Math.max(0, start - 12), start));
  return { start: before === null ? start : start - before[0].length, end, value };
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000) return false;
  return utc(y, m, d).getUTCDate() === d;
}

function relativeSpans(text: string, pub: Ymd): DateHit[] {
  const hits: DateHit[] = [];
  const span = (start: number, end: number, from: Date, to: Date): void => {
    hits.push({ start, end, value: iso(from) === iso(to) ? iso(from) : `${iso(from)}/${iso(to)}` });
  };
  const today = utc(pub.y, pub.m, pub.d);
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:within|in|over|during)\s+(?:the\s+)?(?:next|coming|following)?\s*${NUM}\s+(hours?|days?|weeks?)\b`, 'gi'))) {
    if (!/within|next|coming|following/i.test(m[0])) continue;
    const n = amount(m[1] ?? '');
    const unit = (m[2] ?? '').toLowerCase();
    const days = unit.startsWith('hour') ? Math.ceil(n / 24) : unit.startsWith('week') ? n * 7 : n;
    span(m.index, m.index + m[0].length, today, addDays(pub, days));
  }
  for (const m of text.matchAll(/\b(earlier|later) this (week|month|year)\b/gi)) {
    const unit = (m[2] ?? '').toLowerCase();
    const [first, last] = period(pub, unit, 0);
    if ((m[1] ?? '').toLowerCase() === 'earlier') span(m.index, m.index + m[0].length, first, today);
    else span(m.index, m.index + m[0].length, today, last);
  }
  for (const m of text.matchAll(/\b(?:the\s+)?end of (?:the |this )?(week|month|year)\b/gi)) {
    const [, last] = period(pub, (m[1] ?? '').toLowerCase(), 0);
    hits.push({ start: m.index, end: m.index + m[0].length, value: iso(last) });
  }
  for (const m of text.matchAll(/\b(last|this|next|past) (week|month|year)\b/gi)) {
    const which = (m[1] ?? '').toLowerCase();
    const unit = (m[2] ?? '').toLowerCase();
    const shift = which === 'last' || which === 'past' ? -1 : which === 'next' ? 1 : 0;
    const [first, last] = period(pub, unit, shift);
    const value = unit === 'year' ? String(first.getUTCFullYear()) : unit === 'month' ? iso(first).slice(0, 7) : `${iso(first)}/${iso(last)}`;
    hits.push({ start: m.index, end: m.index + m[0].length, value });
  }
  for (const m of text.matchAll(/\b(today|tonight|tomorrow|yesterday)\b/gi)) {
    const word = (m[1] ?? '').toLowerCase();
    const shift = word === 'tomorrow' ? 1 : word === 'yesterday' ? -1 : 0;
    hits.push({ start: m.index, end: m.index + m[0].length, value: iso(addDays(pub, shift)) });
  }
  for (const m of text.matchAll(new RegExp(String.raw`\b${NUM}\s+(days?|weeks?)\s+ago\b`, 'gi'))) {
    const n = amount(m[1] ?? '') * ((m[2] ?? '').toLowerCase().startsWith('week') ? 7 : 1);
    hits.push({ start: m.index, end: m.index + m[0].length, value: iso(addDays(pub, -n)) });
  }
  return hits;
}

function amount(word: string): number {
  const lower = word.toLowerCase();
  return /^\d+$/.test(lower) ? Number(lower) : (NUMBER_WORDS[lower] ?? 1);
}

/** First and last day of the week (Monday-Sunday), month or year `shift` periods away. */
function period(pub: Ymd, unit: string, shift: number): [Date, Date] {
  if (unit === 'year') return [utc(pub.y + shift, 1, 1), utc(pub.y + shift, 12, 31)];
  if (unit === 'month') return [utc(pub.y, pub.m + shift, 1), utc(pub.y, pub.m + shift + 1, 0)];
  const weekday = (utc(pub.y, pub.m, pub.d).getUTCDay() + 6) % 7;
  const monday = addDays(pub, -weekday + 7 * shift);
  return [monday, new Date(monday.getTime() + 6 * 86_400_000)];
}

function monthYears(text: string): DateHit[] {
  const hits: DateHit[] = [];
  for (const m of text.matchAll(new RegExp(String.raw`\b(${MONTH_NAME})\.?,?\s+(\d{4})\b(?![\-/]\d)`, 'g'))) {
    const month = monthIndex(m[1] ?? '');
    if (month < 0) continue;
    hits.push({ start: m.index, end: m.index + m[0].length, value: `${m[2]}-${pad(month + 1)}` });
  }
  return hits;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** chrono over small windows around month names only: the rest of the text holds no day-level date. */
function chronoDates(text: string, pub: Ymd): DateHit[] {
  const hits: DateHit[] = [];
  let windowEnd = -1;
  let windowStart = -1;
  const flush = (): void => {
    if (windowStart >= 0) hits.push(...chronoWindow(text, windowStart, windowEnd, pub));
  };
  for (const m of text.matchAll(MONTH_WORD)) {
    const start = Math.max(0, m.index - 40);
    const end = Math.min(text.length, m.index + m[0].length + 40);
    if (start <= windowEnd) windowEnd = end;
    else {
      flush();
      windowStart = start;
      windowEnd = end;
    }
  }
  flush();
  return hits;
}

function chronoWindow(text: string, from: number, to: number, pub: Ymd): DateHit[] {
  // Widen to word boundaries so chrono sees whole words.
  while (from > 0 && /\S/.test(text[from - 1] ?? '')) from--;
  while (to < text.length && /\S/.test(text[to] ?? '')) to++;
  const reference = { instant: utc(pub.y, pub.m, pub.d), timezone: 0 };
  const hits: DateHit[] = [];
  for (const r of chrono.strict.parse(text.slice(from, to), reference)) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue;
    // Durations ("for about an hour") come back as dates: a date names its month.
    if (!new RegExp(MONTH_NAME, 'i').test(r.text)) continue;
    // Numeric forms are read by numericDates in the document's order.
    if (/\d[/.]\d/.test(r.text)) continue;
    let start = from + r.index;
    let surface = r.text;
    const lead = /^(?:on|by|until|since|from|at)\s+/i.exec(surface);
    if (lead !== null) {
      start += lead[0].length;
      surface = surface.slice(lead[0].length);
    }
    // Times of day are not dates: "Saturday 29 November, from 10:00 to 15:00" ends at "November".
    if (r.start.isCertain('hour')) surface = surface.replace(TRAILING_TIME, '');
    surface = surface.replace(/[\s,]+$/, '');
    const value = dayValue(r.start, pub);
    if (value === null) continue;
    let full = value;
    if (r.end !== null && r.end !== undefined && r.end.isCertain('day')) {
      const endValue = dayValue(r.end, pub, value);
      if (endValue !== null && endValue !== value) full = `${value}/${endValue}`;
    }
    hits.push({ start, end: start + surface.length, value: full });
  }
  return hits;
}

function dayValue(components: chrono.ParsedComponents, pub: Ymd, after?: string): string | null {
  const day = components.get('day');
  const month = components.get('month');
  if (day === null || month === null) return null;
  let year = components.isCertain('year') ? (components.get('year') ?? pub.y) : nearestYear(pub, month, day);
  if (after !== undefined && !components.isCertain('year')) {
    year = Number(after.slice(0, 4));
    if (`${year}-${pad(month)}-${pad(day)}` < after) year++;
  }
  return validDay(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : null;
}

/** The year that puts month/day closest to publication. */
function nearestYear(pub: Ymd, month: number, day: number): number {
  const target = utc(pub.y, pub.m, pub.d).getTime();
  let best = pub.y;
  let bestDistance = Infinity;
  for (const y of [pub.y - 1, pub.y, pub.y + 1]) {
    const distance = Math.abs(utc(y, month, day).getTime() - target);
    if (distance < bestDistance) {
      best = y;
      bestDistance = distance;
    }
  }
  return best;
}

function weekdays(text: string, pub: Ymd): DateHit[] {
  const hits: DateHit[] = [];
  const pubDay = utc(pub.y, pub.m, pub.d).getUTCDay();
  for (const m of text.matchAll(/\b(?:(next|last|this coming|this)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g)) {
    const target = WEEKDAYS.indexOf((m[2] ?? '').toLowerCase());
    const modifier = (m[1] ?? '').toLowerCase();
    let offset: number;
    if (modifier === 'next') offset = ((target - pubDay + 7) % 7) || 7;
    else if (modifier === 'last') offset = -(((pubDay - target + 7) % 7) || 7);
    else if (target === pubDay) offset = 0;
    else offset = tenseAt(text, m.index, m.index + m[0].length) === 'future' ? (target - pubDay + 7) % 7 : -((pubDay - target + 7) % 7);
    hits.push({ start: m.index, end: m.index + m[0].length, value: iso(addDays(pub, offset)) });
  }
  return hits;
}

/** Future if a preposition or auxiliary says so, else the nearest tense cue to the left. */
export function tenseAt(text: string, start: number, end: number): 'past' | 'future' {
  const before = text.slice(Math.max(0, start - 200), start);
  const clauseStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('; '));
  const clause = before.slice(clauseStart + 1);
  if (FUTURE_BEFORE.test(clause)) return 'future';
  if (PAST_BEFORE.test(clause)) return 'past';
  const after = text.slice(end, end + 30).toLowerCase();
  if (/^[\s,]+(?:it|they|he|she|we|there)?\s*(?:will|would|'ll|is going to|are going to)\b/.test(after)) return 'future';
  const words = clause.toLowerCase().match(/[a-z']+/g) ?? [];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] as string;
    if (FUTURE_CUES.has(w)) return 'future';
    // A participle after "be" ("will be held", "was released") takes its auxiliary's tense.
    if (!PASSIVE_AUXILIARIES.has(w) && PASSIVE_AUXILIARIES.has(words[i - 1] ?? '')) continue;
    if (PAST_CUES.has(w) || (/ed$/.test(w) && w.length > 4)) return 'past';
  }
  return 'past';
}

function monthsAlone(text: string, pub: Ymd): DateHit[] {
  const hits: DateHit[] = [];
  const re = new RegExp(String.raw`\b(in|since|by|from|until|of|during|early|late|mid|before|after|between|and|to|through|throughout|last|next|this)(?:[ \t]+|-)(${FULL_MONTH})\b(?![ \t]+\d)`, 'gi');
  for (const m of text.matchAll(re)) {
    const name = m[2] ?? '';
    // "may" the verb, "March" the walk: a month here is capitalised.
    if (!/^\p{Lu}/u.test(name)) continue;
    const month = monthIndex(name) + 1;
    const lead = (m[1] ?? '').toLowerCase();
    let year = nearestYear(pub, month, 15);
    if (lead === 'last' && (year > pub.y || (year === pub.y && month >= pub.m))) year--;
    if (lead === 'next' && (year < pub.y || (year === pub.y && month <= pub.m))) year++;
    const keep = lead === 'last' || lead === 'next' || lead === 'this' || lead === 'early' || lead === 'late' || lead === 'mid';
    const start = keep ? m.index : m.index + m[0].length - name.length;
    hits.push({ start, end: m.index + m[0].length, value: `${year}-${pad(month)}` });
  }
  return hits;
}

function bareYears(text: string): DateHit[] {
  const hits: DateHit[] = [];
  const re = /\b(in|since|by|from|until|till|before|after|during|between|and|to|of|the|early|late|mid|around|circa|summer|winter|spring|autumn|fall)(?:[ \t]+|-)(19[5-9]\d|20\d\d)(?![\w\-/]|[.,]\d|\s*(?:people|persons|men|women|km|kg|metres|meters|miles|members|fighters|troops|attacks|bitcoin|BTC|USD|dollars|euros))/gi;
  for (const m of text.matchAll(re)) {
    const year = m[2] ?? '';
    const start = m.index + m[0].length - year.length;
    hits.push({ start, end: start + year.length, value: year });
  }
  return hits;
}
