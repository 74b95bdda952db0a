// The marking parsers (src/domain/markings): banners and portion marks, marking-definition
// objects (TLP, PAP, statements, our extension), the ACS 3.0 extension, TLP/PAP labels and
// granular selectors. Each reads anything without throwing, says why when it cannot, and what
// it reads survives a render/format round trip without becoming less restrictive.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  formatSelector,
  parseAcsMarking,
  parseBanner,
  parseMarkingDefinition,
  parsePapLabel,
  parseSelector,
  parseTlpLabel,
  PAP_LEVELS,
  renderBanner,
  TLP_LEVELS,
  combine,
  markingKey,
  type Marking,
} from '../../../src/domain/markings/index.ts';
import type { StixObject } from '../../../src/domain/stix/object.ts';
import type { Corpus } from '../corpus.ts';
import { mutateText, sequenceMutations, type JsonValue } from '../mutate.ts';
import type { FuzzTarget } from '../target.ts';
import { defaultSignature } from '../signature.ts';
import { jsonInputs } from './stixValidator.ts';

export interface MarkingInput {
  readonly kind: 'banner' | 'definition' | 'acs' | 'label' | 'selector';
  /** The text, or the JSON text of the object for `definition` and `acs`. */
  readonly text: string;
}

const BANNERS: readonly string[] = [
  'TOP SECRET//SI//ORCON/NOFORN', 'SECRET//REL TO USA, GBR, FVEY', '(S//REL TO USA, FVEY)', '(TS//SI//OC/NF)', '(U)', 'UNCLASSIFIED//FOUO', 'CONFIDENTIAL//RELIDO',
  'SECRET//NOFORN//ORCON', 'SECRET//DISPLAY ONLY AUS, CAN', 'SECRET//REL TO USA, SYR//DISPLAY ONLY JOR', 'TOP SECRET//HCS/SI-G//REL TO USA, FIVE EYES', 'S//LAW ENFORCEMENT SENSITIVE',
  'SECRET//REL TO USA//REL TO GBR',
];
const BANNER_TOKENS: readonly string[] = ['//', '/', ',', ' ', '(', ')', 'NOFORN', 'NF', 'ORCON', 'REL TO ', 'REL', 'RELIDO', 'DISPLAY ONLY', 'FVEY', 'FIVE EYES', 'USA', 'GBRR', 'ACGU', 'TS', 'U', '\u0000', '\ud800'];
const LABELS: readonly string[] = ['TLP:RED', 'tlp:amber+strict', 'TLP: CLEAR', 'white', 'PAP:GREEN', 'pap:white', 'amber', 'TLP:AMBER+STRICT'];
const SELECTORS: readonly string[] = ['description', 'labels.[1]', 'external_references.[0].url', 'kill_chain_phases.[0].phase_name', 'extensions.x.y.[10]', '[0]', 'a..b', ''];
const ACS: JsonValue = {
  extension_type: 'property-extension',
  control_set: { classification: 'S', formal_determination: ['NF', 'AIS'], caveat: ['FISA'], sensitivity: ['PII'], shareability: ['ALL'], entity: ['MIL'], permitted_nationalities: ['USA', 'GBR'], permitted_organizations: ['ALL'] },
  access_privilege: [{ privilege_action: 'TEARLINE', privilege_scope: { permitted_nationalities: ['ALL'], permitted_organizations: ['ALL'], shareability: ['ALL'], entity: ['ALL'] }, rule_effect: 'permit' }],
  further_sharing: [{ sharing_scope: 'USA', rule_effect: 'permit' }],
  policy_reference: 'urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=deny',
};

/**
 * Re-reading a rendered banner must be at least as restrictive as what was read: adding the
 * original's restrictions to the re-read one (combine, model.ts) changes nothing. (Equality is
 * too strict: under NOFORN a REL TO list is not rendered, CAPCO: NOFORN wins.)
 */
function roundTripProblems(text: string, read: Marking): string[] {
  const rendered = renderBanner(read);
  const again = parseBanner(rendered);
  if (again === undefined) return [`banner '${text.slice(0, 80)}' reads, but its rendering '${rendered.slice(0, 80)}' does not`];
  const both = combine(read, again);
  if (markingKey(both) === markingKey(again)) return [];
  const looser = Object.keys(both).filter((k) => !isDeepStrictEqual((both as unknown as Record<string, unknown>)[k], (again as unknown as Record<string, unknown>)[k]));
  return [`banner round trip loosens ${looser.join(', ')}: '${text.slice(0, 80)}' reads as ${markingKey(read)}, but its rendering '${rendered.slice(0, 80)}' reads as ${markingKey(again)}`];
}

export const markingsTarget: FuzzTarget<MarkingInput> = {
  name: 'markings',
  description: 'banner, marking-definition, ACS, TLP/PAP label and selector parsers: no throw, reasons given, render/format round trips hold',
  inputs(corpus: Corpus) {
    const definitions = corpus.stixObjects.filter((o) => (o as { type?: unknown } | null)?.type === 'marking-definition');
    const text = (seeds: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> =>
      fc.oneof(fc.constantFrom(...seeds), fc.tuple(fc.constantFrom(...seeds), sequenceMutations(4)).map(([s, m]) => mutateText(s, m, tokens, 100_000)), fc.string({ maxLength: 60 }));
    return fc.oneof(
      { weight: 4, arbitrary: text(BANNERS, BANNER_TOKENS).map((t) => ({ kind: 'banner' as const, text: t })) },
      { weight: 2, arbitrary: jsonInputs(fc.constantFrom(...definitions)).map((t) => ({ kind: 'definition' as const, text: t })) },
      { weight: 2, arbitrary: jsonInputs(fc.constant(ACS)).map((t) => ({ kind: 'acs' as const, text: t })) },
      { weight: 1, arbitrary: text(LABELS, [':', '+', ' ', 'strict', 'TLP', 'PAP']).map((t) => ({ kind: 'label' as const, text: t })) },
      { weight: 1, arbitrary: text(SELECTORS, ['.', '[', ']', '[0]', '[01]', '[-1]', '..']).map((t) => ({ kind: 'selector' as const, text: t })) },
    );
  },
  encode: (input) => input,
  decode: (encoded) => encoded as MarkingInput,
  async run({ kind, text }) {
    if (kind === 'banner') {
      const read = parseBanner(text);
      return read === undefined ? [] : roundTripProblems(text, read);
    }
    if (kind === 'label') {
      const tlp = parseTlpLabel(text);
      const pap = parsePapLabel(text);
      return [
        ...(tlp === undefined || TLP_LEVELS.includes(tlp) ? [] : [`parseTlpLabel gave ${String(tlp)}`]),
        ...(pap === undefined || PAP_LEVELS.includes(pap) ? [] : [`parsePapLabel gave ${String(pap)}`]),
      ];
    }
    if (kind === 'selector') {
      const path = parseSelector(text);
      if (path === undefined) return [];
      const again = parseSelector(formatSelector(path));
      return isDeepStrictEqual(again, path) ? [] : [`selector '${text.slice(0, 80)}' formats as '${formatSelector(path).slice(0, 80)}', which reads differently`];
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [];
    }
    if (kind === 'acs') {
      const read = parseAcsMarking(value);
      return read.ok || (typeof read.reason === 'string' && read.reason.trim() !== '') ? [] : ['ACS refused without a reason'];
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return []; // the API takes an object
    const read = parseMarkingDefinition(value as StixObject);
    if (!read.known) return typeof read.reason === 'string' && read.reason.trim() !== '' ? [] : ['unknown marking without a reason'];
    return Array.isArray(read.kinds) ? [] : ['known marking without kinds'];
  },
  signature: (problems) => {
    const first = problems[0] ?? '';
    return first.startsWith('banner round trip') ? first.slice(0, first.indexOf(':')) : defaultSignature(problems);
  },
};
