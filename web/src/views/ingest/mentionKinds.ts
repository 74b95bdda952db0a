// How the workbench names and marks each kind of thing the text extractor finds. Each kind has
// a colour, an underline style and a visible word, so a reader who cannot tell the colours
// apart (or hears the page) still knows the kind.
import type { MentionJson, MentionKindName } from '../../../../src/http/wire.ts';

export const MENTION_KINDS: readonly { readonly kind: MentionKindName; readonly label: string; readonly means: string }[] = [
  { kind: 'group', label: 'Group', means: 'an armed group or organisation' },
  { kind: 'person', label: 'Person', means: 'a named person' },
  { kind: 'place', label: 'Place', means: 'a country, region or city' },
  { kind: 'site', label: 'Site', means: 'a named site: a shrine, a hotel, an embassy' },
  { kind: 'date', label: 'Time', means: 'a date or time window' },
  { kind: 'method', label: 'Method', means: 'an attack method' },
  { kind: 'observable', label: 'Observable', means: 'a phone number, address, domain or hash' },
  { kind: 'marking', label: 'Marking', means: 'a classification banner, portion mark or TLP' },
];

export function kindLabel(kind: string): string {
  return MENTION_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'mention'; readonly mention: MentionJson; readonly index: number };

/**
 * The text cut into plain runs and mentions, in order. A mention whose offsets do not point at
 * its own text in `text` (the text was changed since, or read differently) or that overlaps an
 * earlier one is left out and counted, never drawn in the wrong place.
 */
export function segmentText(text: string, mentions: readonly MentionJson[]): { readonly segments: readonly Segment[]; readonly misplaced: number } {
  const ordered = mentions.map((mention, index) => ({ mention, index })).sort((a, b) => a.mention.start - b.mention.start || b.mention.end - a.mention.end);
  const segments: Segment[] = [];
  let at = 0;
  let misplaced = 0;
  for (const { mention, index } of ordered) {
    const fits = mention.start >= at && mention.end > mention.start && mention.end <= text.length && text.slice(mention.start, mention.end) === mention.text;
    if (!fits) {
      misplaced++;
      continue;
    }
    if (mention.start > at) segments.push({ kind: 'text', text: text.slice(at, mention.start) });
    segments.push({ kind: 'mention', mention, index });
    at = mention.end;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return { segments, misplaced };
}

/** A short reading of what a mention resolved to (a place's country, a date's day), or ''. */
export function resolvedAs(mention: MentionJson): string {
  const value = mention.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value !== 'object') return '';
  const v = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['name', 'type', 'value', 'kind', 'country', 'start', 'end', 'classification', 'tlp', 'scope']) {
    const part = v[key];
    if (typeof part === 'string' && part !== '' && part !== mention.text) parts.push(`${key} ${part}`);
  }
  return parts.join(', ');
}
