// One input item still in its JSON: an NDJSON line, or the bytes of one element of a bundle's
// `objects` list cut out by splitBundle.ts. The judge decodes and parses it, possibly on
// another thread, so the thread that writes never parses the whole input.
//
// A class, not a plain {text} shape: a parsed bundle element that merely looks like
// {"text": ...} must be judged as the (invalid) STIX object it is, never parsed a second time.

import { isUtf8 } from 'node:buffer';
import { jsonText } from '../ports.ts';

export class RawText {
  /**
   * @param json the item's JSON, as text or as bytes that should be UTF-8 (`text` is
   *   undefined when they are not)
   * @param line its line number in an NDJSON stream; absent for a bundle element, whose
   *   place is its index in the input
   */
  constructor(
    readonly json: string | Uint8Array,
    readonly line?: number,
  ) {}

  /** The JSON as text; undefined for bytes that are not UTF-8 (never decoded with replacements). */
  get text(): string | undefined {
    const json = this.json;
    if (typeof json === 'string') return json;
    return isUtf8(json) ? jsonText(json) : undefined;
  }
}
