// Finds classification banners, portion marks and TLP labels in a text. A banner is a line
// made only of a marking ("SECRET//NOFORN"); a portion mark opens a paragraph or a subject
// line ("(S//REL TO USA, GBR) ...") and covers the text up to the next portion or blank line.
import type { Classification, ParsedMarking } from './model.ts';
import { orderRelTo } from './model.ts';

export interface BannerHit {
  readonly start: number;
  readonly end: number;
  readonly marking: ParsedMarking;
}

export interface PortionHit extends BannerHit {
  /** The text the mark covers, from the mark to the end of its paragraph. */
  readonly covers: { readonly start: number; readonly end: number };
}

export interface TlpHit {
  readonly start: number;
  readonly end: number;
  readonly level: string;
}

const LEVELS: readonly [RegExp, Classification][] = [
  [/^TOP SECRET$/i, 'TS'],
  [/^SECRET$/i, 'S'],
  [/^CONFIDENTIAL$/i, 'C'],
  [/^UNCLASSIFIED$/i, 'U'],
  [/^TS$/, 'TS'],
  [/^S$/, 'S'],
  [/^C$/, 'C'],
  [/^U$/, 'U'],
];

const CONTROL_NAMES: Readonly<Record<string, string>> = {
  NF: 'NOFORN',
  NOFORN: 'NOFORN',
  OC: 'ORCON',
  ORCON: 'ORCON',
  SI: 'SI',
  TK: 'TK',
  HCS: 'HCS',
  FOUO: 'FOUO',
  'FOR OFFICIAL USE ONLY': 'FOUO',
  LES: 'LES',
  'LAW ENFORCEMENT SENSITIVE': 'LES',
  RELIDO: 'RELIDO',
  PROPIN: 'PROPIN',
  PR: 'PROPIN',
  IMCON: 'IMCON',
  IMC: 'IMCON',
};

const BANNER_LINE = /^[ \t]*((?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)(?:\/\/[A-Z0-9 ,/-]+)?)[ \t]*$/gm;
const PORTION = /(?<=^|\n|[ \t]|:)\((TS|S|C|U)((?:\/\/[A-Z0-9 ,/-]+)?)\)/g;
const TLP = /\bTLP:[ \t]?(CLEAR|WHITE|GREEN|AMBER\+STRICT|AMBER|RED)\b/gi;

/** Parses "SECRET//SI//ORCON/NOFORN" or "S//REL TO USA, GBR"; null when it is not a marking. */
export function parseMarking(text: string): ParsedMarking | null {
  const parts = text.trim().split('//').map((p) => p.trim());
  const head = parts[0] ?? '';
  const level = LEVELS.find(([re]) => re.test(head))?.[1];
  if (level === undefined) return null;
  const controls: string[] = [];
  let relTo: string[] | null = null;
  for (const part of parts.slice(1)) {
    const rel = /^REL(?:EASABLE)? TO\s+(.+)$/i.exec(part);
    if (rel !== null) {
      relTo = orderRelTo((rel[1] ?? '').split(/\s*,\s*|\s+/).filter((c) => /^[A-Z]{3,4}$/.test(c)));
      continue;
    }
    // Within one category, controls are separated by single slashes ("ORCON/NOFORN").
    for (const token of part.split('/').map((t) => t.trim())) {
      const name = CONTROL_NAMES[token.toUpperCase()];
      if (name === undefined) return null;
      if (!controls.includes(name)) controls.push(name);
    }
  }
  return { classification: level, controls, relTo };
}

export function findBanners(text: string): BannerHit[] {
  const hits: BannerHit[] = [];
  for (const match of text.matchAll(BANNER_LINE)) {
    const body = match[1] ?? '';
    const marking = parseMarking(body);
    if (marking === null) continue;
    const start = match.index + match[0].indexOf(body);
    hits.push({ start, end: start + body.length, marking });
  }
  return hits;
}

export function findPortions(text: string): PortionHit[] {
  const raw: { start: number; end: number; marking: ParsedMarking }[] = [];
  for (const match of text.matchAll(PORTION)) {
    const marking = parseMarking(`${match[1] ?? ''}${match[2] ?? ''}`);
    if (marking === null) continue;
    raw.push({ start: match.index, end: match.index + match[0].length, marking });
  }
  return raw.map((hit, i) => {
    const next = raw[i + 1]?.start ?? text.length;
    const blank = text.slice(hit.end).search(/\n[ \t]*\n/);
    const lineEnd = text.indexOf('\n', hit.end);
    // A subject line's portion ends at its line; a paragraph's at a blank line or the next mark.
    const isSubject = /(?:^|\n)[^\n]*:[ \t]*$/.test(text.slice(Math.max(0, hit.start - 40), hit.start));
    let end = Math.min(next, blank < 0 ? text.length : hit.end + blank);
    if (isSubject && lineEnd >= 0) end = Math.min(end, lineEnd);
    return { ...hit, covers: { start: hit.start, end } };
  });
}

export function findTlp(text: string): TlpHit[] {
  return [...text.matchAll(TLP)].map((m) => ({ start: m.index, end: m.index + m[0].length, level: (m[1] ?? '').toUpperCase() }));
}
