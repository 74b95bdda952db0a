// Attack methods named in the text, from a closed vocabulary. Specific devices win over
// generic words where they overlap ("vehicle-borne IED" is a VBIED, not an IED), and
// "explosives" alone count as an unspecified bomb only when no device type is named.
import { longestNonOverlapping } from '../mention.ts';

export type MethodId =
  | 'vbied'
  | 'suicide-vest'
  | 'ied'
  | 'unspecified-bomb'
  | 'drone'
  | 'small-arms'
  | 'kidnapping'
  | 'arson'
  | 'knife'
  | 'vehicle-ramming'
  | 'grenade'
  | 'rocket-mortar';

export const METHOD_NAMES: Readonly<Record<MethodId, string>> = {
  vbied: 'Vehicle-borne improvised explosive device',
  'suicide-vest': 'Suicide vest',
  ied: 'Improvised explosive device',
  'unspecified-bomb': 'Bombing (device unspecified)',
  drone: 'Drone',
  'small-arms': 'Small-arms attack',
  kidnapping: 'Kidnapping',
  arson: 'Arson',
  knife: 'Knife attack',
  'vehicle-ramming': 'Vehicle ramming',
  grenade: 'Grenade attack',
  'rocket-mortar': 'Rocket or mortar attack',
};

const PATTERNS: readonly [MethodId, RegExp][] = [
  ['vbied', /\b(?:S?VBIEDs?|vehicle[- ]borne (?:IEDs?|improvised explosive devices?)|(?:suicide )?(?:car|truck|lorry|vehicle) bomb(?:s|ings?|ers?)?)\b/gi],
  ['suicide-vest', /\b(?:suicide (?:vests?|belts?|bombers?|bombings?)|explosive (?:vests?|belts?)|PBIEDs?|person[- ]borne IEDs?)\b/gi],
  ['ied', /\b(?:IEDs?|improvised explosive devices?|pipe[- ]bombs?|roadside bombs?|booby[- ]traps?|landmines?|nail bombs?|pressure[- ]cooker bombs?)\b/g],
  ['ied', /\b(?:improvised explosive devices?|pipe[- ]bombs?|roadside bombs?|booby[- ]trap(?:s|ped)?|landmines?|nail bombs?|pressure[- ]cooker bombs?)\b/gi],
  ['unspecified-bomb', /\b(?:bomb(?:s|ings?|ers?)?|homemade explosives?|explosive devices?)\b/gi],
  ['drone', /\b(?:drones?|quadcopters?|UAVs?|unmanned aerial (?:vehicles?|systems?)|UAS)\b/gi],
  ['small-arms', /\b(?:gunm[ae]n|gunfire|gun ?fire|(?:assault )?rifles?|small[- ]arms|shootings?|shot dead|opened fire|fired (?:shots|rifles|guns|on)|AK-47s?|Kalashnikovs?|machine[- ]guns?|pistols?|handguns?|firearms?|snipers?|armed assault)\b/gi],
  ['kidnapping', /\b(?:kidnap(?:s|ped|ping|pings|pers?)?|abduct(?:s|ed|ing|ion|ions|ors?)?|hostages?|hostage-taking|ransom)\b/gi],
  ['arson', /\b(?:arson|set (?:on )?fire|setting (?:on )?fire|set\b[^.]{0,60}\bablaze|ablaze|torch(?:es|ed|ing)|firebomb(?:s|ed|ing)?|burn(?:ed|t) down)\b/gi],
  ['knife', /\b(?:knife|knives|stabb(?:ing|ings|ed)|stabs?|machetes?|bladed weapons?)\b/gi],
  ['vehicle-ramming', /\b(?:ramming|rammed|car[- ]ramming|vehicle attacks?|truck attacks?|drove (?:a|the) (?:car|truck|van|vehicle) into)\b/gi],
  ['grenade', /\b(?:grenades?|RPGs?)\b/gi],
  ['rocket-mortar', /\b(?:rockets?|mortars?|rocket[- ]propelled)\b/gi],
];

export interface MethodHit {
  readonly start: number;
  readonly end: number;
  readonly method: MethodId;
}

export function findMethods(text: string): MethodHit[] {
  const candidates: MethodHit[] = [];
  for (const [method, re] of PATTERNS) {
    for (const m of text.matchAll(re)) candidates.push({ start: m.index, end: m.index + m[0].length, method });
  }
  const kept = longestNonOverlapping(candidates);
  // "explosives" is the unspecified bomb only where the text names no device.
  const devices = kept.some((h) => h.method === 'vbied' || h.method === 'suicide-vest' || h.method === 'ied');
  return kept.filter((h) => !(devices && h.method === 'unspecified-bomb' && /explosive/i.test(text.slice(h.start, h.end))));
}
