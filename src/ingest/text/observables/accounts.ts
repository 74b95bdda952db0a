// Messaging handles (@name) and vehicle registration plates. Both are only recognisable with
// their context: a handle's platform is the one the sentence (or else the text) names; a
// plate follows a word such as "plate" or "registration", and later repeats count too.
import type { ObservableCandidate } from './types.ts';

const HANDLE = /(?<![\w.@])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@]|\.[A-Za-z]{2})/g;
const PLATFORMS: readonly [RegExp, string][] = [
  [/\btelegram\b/i, 'telegram'],
  [/\b(?:twitter|tweet(?:ed|s)?|x\.com)\b/i, 'twitter'],
  [/\binstagram\b/i, 'instagram'],
  [/\btiktok\b/i, 'tiktok'],
  [/\bthreads\b/i, 'threads'],
];

export function findHandles(text: string): ObservableCandidate[] {
  const documentPlatform = platformIn(text);
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(HANDLE)) {
    const sentence = sentenceAround(text, match.index);
    const platform = platformIn(sentence) ?? documentPlatform ?? 'unknown';
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      value: { type: 'user-account', value: match[0].toLowerCase(), qualifier: platform },
    });
  }
  return found;
}

function platformIn(text: string): string | undefined {
  let best: { index: number; platform: string } | undefined;
  for (const [re, platform] of PLATFORMS) {
    const hit = re.exec(text);
    if (hit !== null && (best === undefined || hit.index < best.index)) best = { index: hit.index, platform };
  }
  return best?.platform;
}

/** The sentence around an offset, looked for within a bounded window to stay linear. */
function sentenceAround(text: string, offset: number): string {
  const from = Math.max(0, offset - 300);
  const window = text.slice(from, offset + 300);
  const at = offset - from;
  const start = Math.max(window.lastIndexOf('\n', at), window.lastIndexOf('. ', at)) + 1;
  const ends = [window.indexOf('. ', at), window.indexOf('\n', at)].filter((i) => i >= 0);
  return window.slice(start, ends.length > 0 ? Math.min(...ends) : window.length);
}

const MAX_REPEATED_PLATES = 50;
const PLATE_CUE = /\b(?:licen[cs]e plates?|number plates?|plates?|registration|reg\.|tags?)(?:\s+(?:number|no\.?|#))?\s*:?\s+/gi;
const PLATE_BODY = /^[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,5}){0,3}(?![\w-])/;

export function findPlates(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  const seen = new Set<string>();
  for (const cue of text.matchAll(PLATE_CUE)) {
    const start = cue.index + cue[0].length;
    const body = PLATE_BODY.exec(text.slice(start, start + 24));
    if (body === null) continue;
    const surface = body[0].trim();
    const value = surface.replace(/[\s-]/g, '');
    if (!isPlateLike(value)) continue;
    seen.add(surface);
    found.push({ start, end: start + surface.length, value: { type: 'vehicle-plate', value } });
  }
  // A plate named once with its cue may be repeated bare ("a stop-and-check of P-731-JX").
  for (const surface of [...seen].slice(0, MAX_REPEATED_PLATES)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(surface, from);
      if (at < 0) break;
      from = at + surface.length;
      if (found.some((f) => f.start === at)) continue;
      if (/[\w-]/.test(text[at - 1] ?? '') || /[\w-]/.test(text[at + surface.length] ?? '')) continue;
      found.push({ start: at, end: at + surface.length, value: { type: 'vehicle-plate', value: surface.replace(/[\s-]/g, '') } });
    }
  }
  return found;
}

function isPlateLike(value: string): boolean {
  return value.length >= 4 && value.length <= 10 && /\d/.test(value) && /[A-Z]/.test(value);
}
