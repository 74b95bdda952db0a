// Which CSV column holds what: by header name (with the usual synonyms), or as the caller
// says (`{ value: 'ioc', type: 'kind' }`).

const FIELDS = ['value', 'type', 'name', 'description', 'labels', 'valid_from', 'valid_until', 'confidence', 'tlp'] as const;
export type Field = (typeof FIELDS)[number];

const SYNONYMS: Readonly<Record<Field, readonly string[]>> = {
  value: ['value', 'indicator', 'ioc', 'observable', 'ioc_value', 'indicator_value', 'data'],
  type: ['type', 'kind', 'ioc_type', 'observable_type', 'value_type'],
  name: ['name', 'title'],
  description: ['description', 'comment', 'comments', 'note', 'notes'],
  labels: ['labels', 'label', 'tags', 'tag'],
  valid_from: ['valid_from', 'first_seen', 'firstseen', 'start'],
  valid_until: ['valid_until', 'last_seen', 'lastseen', 'expires', 'expiry', 'end'],
  confidence: ['confidence', 'score'],
  tlp: ['tlp', 'marking', 'tlp_level'],
};

const normalize = (header: string): string => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

export type ColumnMap =
  | { readonly ok: true; readonly index: Partial<Record<Field, number>>; readonly ignored: string[] }
  | { readonly ok: false; readonly message: string };

export function mapColumns(header: readonly string[], explicit: Readonly<Record<string, string>> = {}): ColumnMap {
  const names = header.map(normalize);
  const index: Partial<Record<Field, number>> = {};
  for (const [field, column] of Object.entries(explicit)) {
    if (!(FIELDS as readonly string[]).includes(field)) return { ok: false, message: `unknown field "${field}" in the column mapping; fields are ${FIELDS.join(', ')}` };
    const at = names.indexOf(normalize(column));
    if (at < 0) return { ok: false, message: `the header has no column "${column}" (for ${field})` };
    index[field as Field] = at;
  }
  for (const field of FIELDS) {
    if (index[field] !== undefined) continue;
    const at = names.findIndex((name, i) => SYNONYMS[field].includes(name) && !Object.values(index).includes(i));
    if (at >= 0) index[field] = at;
  }
  if (index.value === undefined) {
    return { ok: false, message: `no value column: name one ${SYNONYMS.value.join('/')} or map it with columns: { value: '<header>' }` };
  }
  const used = new Set(Object.values(index));
  const ignored = header.filter((_h, i) => !used.has(i));
  return { ok: true, index, ignored };
}
