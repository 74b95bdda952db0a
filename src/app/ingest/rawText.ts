// One input item still in its JSON: an NDJSON line, or the bytes of one element of a bundle's
// `objects` list cut out by splitBundle.ts. The judge decodes and parses it, possibly on
// another thread, so the thread that writes never parses the whole input.
//
// A class, not a plain {text} shape: a parsed bundle element that merely looks like
// {"text": ...} must be judged as the (invalid) STIX object it is, never parsed a second time.

export class RawText {
  /**
   * @param json the item's JSON, as text or as UTF-8 bytes already checked to be valid
   * @param line its line number in an NDJSON stream; absent for a bundle element, whose
   *   place is its index in the input
   */
  constructor(
    readonly json: string | Uint8Array,
    readonly line?: number,
  ) {}

  get text(): string {
    const json = this.json;
    return typeof json === 'string' ? json : Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8');
  }
}
