// Reading a STIX marking-definition (STIX 2.1 §7.2.1) into our model. Anything we cannot read
// with certainty is `unknown`, and the policy withholds whatever an unknown marking touches
// (fail closed, ARCHITECTURE.md "Release: the invariant").
import type { StixObject } from '../stix/object.ts';
import { ACS_EXTENSION_ID, parseAcsMarking } from './acs.ts';
import { parseBanner, type ClassificationNames, DEFAULT_CLASSIFICATION_NAMES } from './banner.ts';
import { expandCountries } from './countries.ts';
import { TEARLINE_MARKING_EXTENSION_ID } from './extension.ts';
import type { Classification, Marking, PapLevel, TlpLevel } from './model.ts';
import { NO_MARKING, combine, marking } from './model.ts';
import { parsePapLabel, parseTlpLabel, tlp1NameOf, tlp1ToLevel, tlp2LevelOf, TLP2_EXTENSION_ID } from './tlp.ts';

/** Which marking system a definition belongs to. */
export type MarkingKind = 'tlp' | 'statement' | 'pap' | 'tearline' | 'acs';

export type ParsedMarking =
  | {
      readonly known: true;
      readonly id: string;
      readonly kinds: readonly MarkingKind[];
      readonly marking: Marking;
      /** The definition's `name`, or its statement text. */
      readonly label?: string;
    }
  | { readonly known: false; readonly id: string; readonly reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Words that make a free-text statement a handling instruction rather than a notice. */
const HANDLING_WORDS = /\b(TOP SECRET|SECRET|CONFIDENTIAL|CLASSIFIED|NOFORN|ORCON|RELIDO|REL TO|NOT RELEASABLE|DISPLAY ONLY|TLP|PAP|RESTRICTED|DO NOT (SHARE|DISTRIBUTE|DISSEMINATE|FORWARD))\b/i;

type Reading = { ok: true; kind: MarkingKind; marking: Marking } | { ok: false; reason: string };

/**
 * A statement marking (STIX 2.1 §7.2.1.3) is not machine-readable and the spec attaches no
 * behaviour to it. We read statements that are exactly a TLP or PAP label or a banner; a
 * statement that mentions handling words but is none of these is unknown (fail closed);
 * anything else (copyright, terms of use) is a notice that travels with the data.
 */
export function readStatement(text: string, names: ClassificationNames = DEFAULT_CLASSIFICATION_NAMES): Reading {
  const tlp = parseTlpLabel(text);
  if (tlp !== undefined && /^\s*tlp\s*:/i.test(text)) return { ok: true, kind: 'tlp', marking: marking({ tlp }) };
  const pap = parsePapLabel(text);
  if (pap !== undefined && /^\s*pap\s*:/i.test(text)) return { ok: true, kind: 'pap', marking: marking({ pap }) };
  const banner = parseBanner(text, names);
  if (banner !== undefined) return { ok: true, kind: 'tearline', marking: banner };
  if (HANDLING_WORDS.test(text)) return { ok: false, reason: `statement reads like a handling marking we cannot parse: ${JSON.stringify(text.slice(0, 80))}` };
  return { ok: true, kind: 'statement', marking: NO_MARKING };
}

const EXTENSION_KEYS = new Set(['extension_type', 'classification', 'controls', 'rel_to', 'display_to', 'source_protected', 'conceal_source', 'tlp', 'pap', 'sharing_scopes', 'tearline_prohibited']);
const KNOWN_CONTROLS = new Set(['NOFORN', 'ORCON', 'RELIDO', 'DISPLAY ONLY']);

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** Our extension (extension.ts). Every property is checked; an unexpected one makes it unknown. */
export function readTearlineExtension(ext: unknown): Reading {
  if (!isRecord(ext)) return { ok: false, reason: 'Tearline marking extension is not an object' };
  for (const key of Object.keys(ext)) {
    if (!EXTENSION_KEYS.has(key)) return { ok: false, reason: `Tearline marking extension has unknown property ${key}` };
  }
  if (ext['extension_type'] !== 'property-extension') return { ok: false, reason: 'Tearline marking extension_type must be property-extension' };
  const c = ext['classification'];
  if (c !== undefined && c !== 'U' && c !== 'C' && c !== 'S' && c !== 'TS') return { ok: false, reason: `unknown classification ${describeValue(c)}` };
  const controls = ext['controls'] === undefined ? [] : stringList(ext['controls']);
  if (controls === undefined) return { ok: false, reason: 'controls is not a list of strings' };
  const normalised = controls.map((x) => x.trim().toUpperCase().replace(/\s+/g, ' '));
  const relToRaw = ext['rel_to'] === undefined ? undefined : stringList(ext['rel_to']);
  if (ext['rel_to'] !== undefined && relToRaw === undefined) return { ok: false, reason: 'rel_to is not a list of strings' };
  const displayRaw = ext['display_to'] === undefined ? undefined : stringList(ext['display_to']);
  if (ext['display_to'] !== undefined && displayRaw === undefined) return { ok: false, reason: 'display_to is not a list of strings' };
  const scopes = ext['sharing_scopes'] === undefined ? undefined : stringList(ext['sharing_scopes']);
  if (ext['sharing_scopes'] !== undefined && scopes === undefined) return { ok: false, reason: 'sharing_scopes is not a list of strings' };
  for (const flag of ['source_protected', 'conceal_source', 'tearline_prohibited'] as const) {
    if (ext[flag] !== undefined && typeof ext[flag] !== 'boolean') return { ok: false, reason: `${flag} is not a boolean` };
  }
  let tlp: TlpLevel | undefined;
  if (ext['tlp'] !== undefined) {
    tlp = typeof ext['tlp'] === 'string' ? parseTlpLabel(ext['tlp']) : undefined;
    if (tlp === undefined) return { ok: false, reason: `unknown tlp ${describeValue(ext['tlp'])}` };
  }
  let pap: PapLevel | undefined;
  if (ext['pap'] !== undefined) {
    pap = typeof ext['pap'] === 'string' ? parsePapLabel(ext['pap']) : undefined;
    if (pap === undefined) return { ok: false, reason: `unknown pap ${describeValue(ext['pap'])}` };
  }
  const noforn = normalised.includes('NOFORN');
  // DOMAIN.md §2 rule 4: NOFORN and REL TO never in the same portion; a definition that says
  // both is contradictory, and we do not guess which was meant.
  if (noforn && relToRaw !== undefined) return { ok: false, reason: 'NOFORN and REL TO in one marking' };
  const displayOnly = normalised.includes('DISPLAY ONLY');
  if (displayRaw !== undefined && !displayOnly) return { ok: false, reason: 'display_to without DISPLAY ONLY' };
  return {
    ok: true,
    kind: 'tearline',
    marking: marking({
      ...(c !== undefined ? { classification: c as Classification } : {}),
      noforn,
      orcon: normalised.includes('ORCON'),
      relido: normalised.includes('RELIDO'),
      displayOnly,
      otherControls: normalised.filter((x) => !KNOWN_CONTROLS.has(x)),
      sourceProtected: ext['source_protected'] === true,
      concealSource: ext['conceal_source'] === true,
      tearlineAllowed: ext['tearline_prohibited'] !== true,
      ...(scopes !== undefined ? { sharingScopes: scopes.map((x) => x.toUpperCase()) } : {}),
      ...(relToRaw !== undefined ? { relTo: expandCountries(relToRaw) } : {}),
      ...(displayRaw !== undefined ? { displayTo: expandCountries(displayRaw) } : {}),
      ...(tlp !== undefined ? { tlp } : {}),
      ...(pap !== undefined ? { pap } : {}),
    }),
  };
}

/** `definition_type` + `definition` (STIX 2.1 §7.2.1.1), including the TLP/PAP forms OpenCTI writes. */
function readDefinitionType(type: string, definition: unknown, names: ClassificationNames): Reading {
  if (!isRecord(definition)) return { ok: false, reason: `definition_type ${type} without a definition object` };
  const t = type.toLowerCase();
  if (t === 'tlp') {
    const value = definition['tlp'] ?? definition['TLP'];
    const tlp = typeof value === 'string' ? parseTlpLabel(value) : undefined;
    if (tlp === undefined) return { ok: false, reason: `unknown TLP value ${describeValue(value)}` };
    return { ok: true, kind: 'tlp', marking: marking({ tlp }) };
  }
  if (t === 'pap') {
    const value = definition['pap'] ?? definition['PAP'];
    const pap = typeof value === 'string' ? parsePapLabel(value) : undefined;
    if (pap === undefined) return { ok: false, reason: `unknown PAP value ${describeValue(value)}` };
    return { ok: true, kind: 'pap', marking: marking({ pap }) };
  }
  if (t === 'statement') {
    const text = definition['statement'];
    if (typeof text !== 'string') return { ok: false, reason: 'statement marking without statement text' };
    return readStatement(text, names);
  }
  return { ok: false, reason: `unknown definition_type ${type}` };
}

export interface ParseMarkingOptions {
  readonly names?: ClassificationNames;
}

/** Reads one marking-definition object. Never throws; unknown when anything is unreadable. */
export function parseMarkingDefinition(obj: StixObject, options: ParseMarkingOptions = {}): ParsedMarking {
  const id = typeof obj.id === 'string' ? obj.id : '';
  const unknown = (reason: string): ParsedMarking => ({ known: false, id, reason });
  // Described by kind, not String(): a hostile value (a deeply nested array) must not be walked.
  if (obj.type !== 'marking-definition') return unknown(`not a marking-definition: ${describeValue(obj.type)}`);
  const names = options.names ?? DEFAULT_CLASSIFICATION_NAMES;
  const readings: Reading[] = [];

  const definitionType = obj['definition_type'];
  if (definitionType !== undefined) {
    if (typeof definitionType !== 'string') return unknown('definition_type is not a string');
    readings.push(readDefinitionType(definitionType, obj['definition'], names));
  }
  const extensions = obj['extensions'];
  if (extensions !== undefined) {
    if (!isRecord(extensions)) return unknown('extensions is not an object');
    for (const [extId, ext] of Object.entries(extensions)) {
      if (extId === TLP2_EXTENSION_ID) {
        const value = isRecord(ext) ? ext['tlp_2_0'] : undefined;
        const tlp = typeof value === 'string' ? parseTlpLabel(value) : undefined;
        readings.push(tlp === undefined || value === 'white' ? { ok: false, reason: `unknown tlp_2_0 value ${describeValue(value)}` } : { ok: true, kind: 'tlp', marking: marking({ tlp }) });
      } else if (extId === TEARLINE_MARKING_EXTENSION_ID) {
        readings.push(readTearlineExtension(ext));
      } else if (extId === ACS_EXTENSION_ID) {
        const acs = parseAcsMarking(ext);
        readings.push(acs.ok ? { ok: true, kind: 'acs', marking: acs.marking } : acs);
      } else {
        // An extension we do not know may restrict anything: fail closed.
        readings.push({ ok: false, reason: `unknown marking extension ${extId}` });
      }
    }
  }
  if (readings.length === 0) return unknown('marking-definition with neither definition_type nor extensions');

  // The published TLP ids mean what FIRST/OASIS published; a definition that says otherwise
  // under those ids is not the marking it claims to be.
  const tlp1 = tlp1NameOf(id);
  const tlp2 = tlp2LevelOf(id);
  const expected = tlp1 !== undefined ? tlp1ToLevel(tlp1) : tlp2;
  let combined = NO_MARKING;
  const kinds: MarkingKind[] = [];
  for (const r of readings) {
    if (!r.ok) return unknown(r.reason);
    combined = combine(combined, r.marking);
    if (!kinds.includes(r.kind)) kinds.push(r.kind);
  }
  if (expected !== undefined && (combined.tlp !== expected || kinds.some((k) => k !== 'tlp'))) {
    return unknown(`marking-definition ${id} is a published TLP id but does not define TLP:${expected.toUpperCase()}`);
  }
  const label = typeof obj['name'] === 'string' ? obj['name'] : undefined;
  return { known: true, id, kinds, marking: combined, ...(label !== undefined ? { label } : {}) };
}

/**
 * A value named in a reason: strings and numbers as they are (bounded), anything else by its
 * kind. Reasons never serialise untrusted structures: a deeply nested one would overflow.
 */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
