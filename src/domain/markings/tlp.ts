// TLP as STIX marking-definitions. TLP 1.0 is predefined by STIX 2.1 (§7.2.1.4, fixed ids,
// created 2017-01-20); TLP 2.0 is FIRST's extension (extension-definition--60a3c5c5-...,
// fixed ids, created 2022-10-01), which STIX does not predefine, so a bundle that uses it must
// carry its marking-definitions (DOMAIN.md §2).
import type { StixObject } from '../stix/object.ts';
import type { PapLevel, TlpLevel } from './model.ts';

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

type Tlp1Name = 'white' | 'green' | 'amber' | 'red';

/** STIX 2.1 §7.2.1.4: the four predefined TLP 1.0 marking-definitions. */
const TLP1: ReadonlyMap<string, Tlp1Name> = new Map([
  ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'],
  ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'],
  ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'],
  ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'],
]);

/** FIRST TLP 2.0 STIX extension: the five published marking-definition ids. */
const TLP2: ReadonlyMap<string, TlpLevel> = new Map([
  ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'clear'],
  ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'green'],
  ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'amber'],
  ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'amber+strict'],
  ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'red'],
]);

/**
 * TLP 1.0 names on the TLP 2.0 scale. FIRST TLP 2.0: WHITE became CLEAR; TLP 1.0 AMBER
 * (organisation and clients on need to know) is TLP 2.0 AMBER, not AMBER+STRICT.
 */
export function tlp1ToLevel(name: Tlp1Name): TlpLevel {
  return name === 'white' ? 'clear' : name;
}

/** STIX 2.1 §7.2.1.4: the predefined TLP 1.0 ids are the only predefined marking-definitions. */
export function isPredefinedTlp1(id: string): boolean {
  return TLP1.has(id);
}

export function tlp1NameOf(id: string): Tlp1Name | undefined {
  return TLP1.get(id);
}

export function tlp2LevelOf(id: string): TlpLevel | undefined {
  return TLP2.get(id);
}

/** Whether we hold the canonical object for this marking id (TLP 1.0 or TLP 2.0). */
export function isKnownTlpId(id: string): boolean {
  return TLP1.has(id) || TLP2.has(id);
}

/** The id of the TLP 2.0 marking-definition for a level. */
export function tlp2MarkingId(level: TlpLevel): string {
  for (const [id, l] of TLP2) if (l === level) return id;
  throw new Error(`no TLP 2.0 marking for ${level}`);
}

/** The id of the TLP 1.0 marking-definition for a TLP 1.0 name. */
export function tlp1MarkingId(name: Tlp1Name): string {
  for (const [id, n] of TLP1) if (n === name) return id;
  throw new Error(`no TLP 1.0 marking for ${name}`);
}

/** The canonical, published marking-definition object for a TLP id (either version). */
export function canonicalTlpDefinition(id: string): StixObject | undefined {
  const t1 = TLP1.get(id);
  if (t1) {
    return {
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: `TLP:${t1.toUpperCase()}`,
      definition: { tlp: t1 },
    };
  }
  const t2 = TLP2.get(id);
  if (t2) {
    return {
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2022-10-01T00:00:00.000Z',
      name: `TLP:${t2.toUpperCase()}`,
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: t2 } },
    };
  }
  return undefined;
}

/** Reads `TLP:AMBER+STRICT`, `tlp:white`, `amber` ... into a level; undefined if it is not one. */
export function parseTlpLabel(text: string): TlpLevel | undefined {
  const t = text.trim().toLowerCase().replace(/^tlp\s*:\s*/, '');
  if (t === 'white') return 'clear';
  if (t === 'clear' || t === 'green' || t === 'amber' || t === 'amber+strict' || t === 'red') return t;
  return undefined;
}

/** Reads `PAP:GREEN`, `pap:white` ... (PAP uses the TLP colours; WHITE is CLEAR). */
export function parsePapLabel(text: string): PapLevel | undefined {
  const t = text.trim().toLowerCase().replace(/^pap\s*:\s*/, '');
  if (t === 'white') return 'clear';
  if (t === 'clear' || t === 'green' || t === 'amber' || t === 'red') return t;
  return undefined;
}

export function renderTlp(level: TlpLevel): string {
  return `TLP:${level.toUpperCase()}`;
}

export function renderPap(level: PapLevel): string {
  return `PAP:${level.toUpperCase()}`;
}
