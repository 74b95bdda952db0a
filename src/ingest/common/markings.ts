// Traffic Light Protocol and PAP markings as STIX marking definitions.
// TLP 1.0: STIX 2.1 §7.2.1.4 predefines the four objects. TLP 2.0: FIRST TLP 2.0 through the
// OASIS extension 60a3c5c5 (cti-stix-common-objects); those objects are not predefined, so
// an output that references them carries them (DOMAIN.md §2). PAP: no STIX definition
// exists; we keep it as a §7.2.1.3 statement marking with a deterministic id.
import type { StixObject } from '../../domain/stix/object.ts';
import { derivedId } from './ids.ts';

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export type TlpLevel = 'white' | 'green' | 'amber' | 'red' | 'clear' | 'amber+strict';

interface TlpDefinition {
  readonly version: 1 | 2;
  readonly level: TlpLevel;
  /** How restrictive: clear/white 0 … red 4, comparable across versions (DOMAIN.md §2). */
  readonly rank: number;
  readonly object: StixObject;
}

function tlp1(level: TlpLevel, uuid: string, rank: number): TlpDefinition {
  // §7.2.1.4: the exact predefined objects.
  const object: StixObject = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${uuid}`,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${level.toUpperCase()}`,
    definition: { tlp: level },
  };
  return { version: 1, level, rank, object };
}

function tlp2(level: TlpLevel, uuid: string, rank: number): TlpDefinition {
  const object: StixObject = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${uuid}`,
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
  return { version: 2, level, rank, object };
}

const TLP: readonly TlpDefinition[] = [
  tlp1('white', '613f2e26-407d-48c7-9eca-b8e91df99dc9', 0),
  tlp1('green', '34098fce-860f-48ae-8e50-ebd3cc5e41da', 1),
  tlp1('amber', 'f88d31f6-486f-44da-b317-01333bde0b82', 2),
  tlp1('red', '5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 4),
  tlp2('clear', '94868c89-83c2-464b-929b-a1a8aa3c8487', 0),
  tlp2('green', 'bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 1),
  tlp2('amber', '55d920b0-5e8b-4f79-9ee9-91f868d9b421', 2),
  tlp2('amber+strict', '939a9414-2ddd-4d32-a0cd-375ea402b003', 3),
  tlp2('red', 'e828b379-4e03-4974-9ac4-e53a884c97c1', 4),
];

const TLP_BY_ID = new Map(TLP.map((t) => [t.object.id, t]));

/**
 * The TLP marking for a level as people write it (`amber`, `TLP:AMBER`, `tlp:amber+strict`,
 * `TLP:CLEAR`). WHITE/GREEN/AMBER/RED name TLP 1.0 unless `version` 2 is asked for; CLEAR and
 * AMBER+STRICT exist only in TLP 2.0.
 */
export function tlpMarking(text: string, version: 1 | 2 = 1): StixObject | undefined {
  const level = text.trim().toLowerCase().replace(/^tlp\s*[:\s]\s*/, '').replace(/\s+/g, '');
  const matches = TLP.filter((t) => t.level === level);
  return (matches.find((t) => t.version === version) ?? matches[0])?.object;
}

/** `white`, `amber+strict`… for a TLP marking id. */
export function tlpLevelOf(id: string): TlpLevel | undefined {
  return TLP_BY_ID.get(id)?.level;
}

export type PapLevel = 'RED' | 'AMBER' | 'GREEN' | 'CLEAR' | 'WHITE';
const PAP_RANK: Readonly<Record<PapLevel, number>> = { WHITE: 0, CLEAR: 0, GREEN: 1, AMBER: 2, RED: 3 };
// The meanings, from the MISP PAP taxonomy (DOMAIN.md §2).
const PAP_MEANING: Readonly<Record<PapLevel, string>> = {
  RED: 'Non-detectable actions only. Recipients may not use PAP:RED information on the network.',
  AMBER: 'Passive cross check. Recipients may use PAP:AMBER information for conducting online checks, like using services provided by third parties, as long as it does not risk alerting the adversary.',
  GREEN: 'Active actions allowed. Recipients may use PAP:GREEN information to ping the target, block incoming/outgoing traffic from/to the target or specifically configure honeypots to interact with the target.',
  CLEAR: 'No restrictions in using this information.',
  WHITE: 'No restrictions in using this information.',
};
/** A fixed creation time: the definition is a constant, its id derived from its level. */
const PAP_CREATED = '2024-01-01T00:00:00.000Z';

export function papMarking(text: string): StixObject | undefined {
  const level = text.trim().toUpperCase().replace(/^PAP\s*:\s*/, '') as PapLevel;
  if (!(level in PAP_RANK)) return undefined;
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: derivedId('marking-definition', `PAP:${level}`),
    created: PAP_CREATED,
    name: `PAP:${level}`,
    definition_type: 'statement',
    definition: { statement: `PAP:${level}. ${PAP_MEANING[level]}` },
  };
}

const PAP_BY_ID = new Map((Object.keys(PAP_RANK) as PapLevel[]).map((level) => [papMarking(level)?.id ?? '', level]));

export function papLevelOf(id: string): PapLevel | undefined {
  return PAP_BY_ID.get(id);
}

/** The marking-definition object for one of our TLP or PAP ids. */
export function markingDefinition(id: string): StixObject | undefined {
  const tlp = TLP_BY_ID.get(id);
  if (tlp !== undefined) return tlp.object;
  const pap = PAP_BY_ID.get(id);
  return pap === undefined ? undefined : papMarking(pap);
}

function rankOf(id: string): { readonly family: 'tlp' | 'pap'; readonly rank: number } | undefined {
  const tlp = TLP_BY_ID.get(id);
  if (tlp !== undefined) return { family: 'tlp', rank: tlp.rank };
  const pap = PAP_BY_ID.get(id);
  return pap === undefined ? undefined : { family: 'pap', rank: PAP_RANK[pap] };
}

/**
 * Combines marking refs of several sources for one object: the most restrictive TLP and the
 * most restrictive PAP win (DOMAIN.md §2, rule 5); other markings are all kept.
 * On equal rank the first seen is kept, so TLP 1.0 and 2.0 are never both present.
 */
export function combineMarkings(...lists: readonly (readonly string[] | undefined)[]): string[] {
  const best = new Map<'tlp' | 'pap', { id: string; rank: number }>();
  const others: string[] = [];
  for (const id of lists.flatMap((list) => list ?? [])) {
    const ranked = rankOf(id);
    if (ranked === undefined) {
      if (!others.includes(id)) others.push(id);
      continue;
    }
    const current = best.get(ranked.family);
    if (current === undefined || ranked.rank > current.rank) best.set(ranked.family, { id, rank: ranked.rank });
  }
  const out = [best.get('tlp')?.id, best.get('pap')?.id, ...others].filter((id): id is string => id !== undefined);
  return out;
}
