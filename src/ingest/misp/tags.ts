// MISP tags (machine tags `namespace:predicate="value"`) that mean something in STIX:
// TLP and PAP become markings, the Admiralty scale becomes confidence and source
// reliability, `misp-galaxy:` tags name galaxy clusters. Every other tag is kept as a label.
import { confidenceFromCredibility, reliabilityGrade, type ReliabilityGrade } from '../common/admiralty.ts';
import { combineMarkings, papMarking, tlpMarking } from '../common/markings.ts';
import { asObject, asString } from './input.ts';

export interface GalaxyTag {
  /** The galaxy type, e.g. `threat-actor`. */
  readonly type: string;
  readonly value: string;
  /** The whole tag, e.g. `misp-galaxy:threat-actor="Sofacy"`. */
  readonly tag: string;
}

export interface TagMeaning {
  readonly markings: string[];
  /** STIX confidence from `admiralty-scale:information-credibility`; null for grade 6 (no confidence). */
  readonly confidence: number | null | undefined;
  readonly reliability: ReliabilityGrade | undefined;
  readonly galaxies: GalaxyTag[];
  readonly labels: string[];
}

function tagName(tag: unknown): string | undefined {
  if (typeof tag === 'string') return tag;
  return asString(asObject(tag)?.['name']);
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

// TLP 2.0 names that TLP 1.0 lacks; the shared names map to the predefined TLP 1.0 objects.
const TLP2_ONLY = new Set(['clear', 'amber+strict']);

export function readTags(tags: readonly unknown[]): TagMeaning {
  const markings: string[] = [];
  let confidence: number | null | undefined;
  let reliability: ReliabilityGrade | undefined;
  const galaxies: GalaxyTag[] = [];
  const labels: string[] = [];
  for (const tag of tags) {
    const name = tagName(tag)?.trim();
    if (name === undefined || name.length === 0) continue;
    const tlp = /^tlp:(.+)$/i.exec(name)?.[1];
    if (tlp !== undefined) {
      const level = unquote(tlp).toLowerCase();
      const marking = tlpMarking(level, TLP2_ONLY.has(level) ? 2 : 1);
      if (marking !== undefined) markings.push(marking.id);
      else labels.push(name); // tlp:ex:chr, tlp:unclear: not a sharing level
      continue;
    }
    const pap = /^pap:(.+)$/i.exec(name)?.[1];
    if (pap !== undefined) {
      const marking = papMarking(unquote(pap));
      if (marking !== undefined) markings.push(marking.id);
      else labels.push(name);
      continue;
    }
    const admiralty = /^admiralty-scale:(source-reliability|information-credibility)\s*=\s*(.+)$/i.exec(name);
    if (admiralty !== null) {
      const grade = unquote(admiralty[2] ?? '');
      if (admiralty[1]?.toLowerCase() === 'source-reliability') reliability = reliabilityGrade(grade) ?? reliability;
      else if (/^[1-6]$/.test(grade)) confidence = confidenceFromCredibility(grade) ?? null;
      continue;
    }
    const galaxy = /^misp-galaxy:([^=]+)=(.+)$/i.exec(name);
    if (galaxy !== null) {
      galaxies.push({ type: (galaxy[1] ?? '').trim(), value: unquote(galaxy[2] ?? ''), tag: name });
      continue;
    }
    if (!labels.includes(name)) labels.push(name);
  }
  return { markings: combineMarkings(markings), confidence, reliability, galaxies, labels };
}
