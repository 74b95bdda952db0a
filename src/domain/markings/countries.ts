// Country codes for REL TO, DISPLAY ONLY and partner profiles: ISO 3166-1 alpha-3, plus a small
// table of tetragraphs (named groups of countries) that REL TO lines use (DOMAIN.md §2).

/** ISO 3166-1 alpha-3 codes (all 249 officially assigned codes). */
const ISO_ALPHA3 = new Set(
  (
    'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA ' +
    'BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN ' +
    'CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU ' +
    'EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB ' +
    'GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ' +
    'ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO ' +
    'LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR ' +
    'MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER ' +
    'PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM ' +
    'SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK ' +
    'TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM ' +
    'VUT WLF WSM YEM ZAF ZMB ZWE'
  ).split(' '),
);

/**
 * Tetragraphs we expand (our table, kept deliberately small; US CAPCO register usage):
 * - FVEY "Five Eyes": AUS CAN GBR NZL USA;
 * - ACGU "Four Eyes": AUS CAN GBR USA;
 * - TEYE "Three Eyes": AUS GBR USA.
 * Organisational tetragraphs (NATO, ISAF...) name an organisation, not its member nations, and
 * are not expanded: a REL TO line that names one is kept as written and matches no country,
 * so it never widens a release (fail closed).
 */
const TETRAGRAPHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['FVEY', ['AUS', 'CAN', 'GBR', 'NZL', 'USA']],
  ['ACGU', ['AUS', 'CAN', 'GBR', 'USA']],
  ['TEYE', ['AUS', 'GBR', 'USA']],
]);

/** Spellings of tetragraphs seen in free text, mapped to the code. */
const TETRAGRAPH_ALIASES: ReadonlyMap<string, string> = new Map([
  ['FIVE EYES', 'FVEY'],
  ['FOUR EYES', 'ACGU'],
  ['THREE EYES', 'TEYE'],
]);

export function isCountryCode(code: string): boolean {
  return ISO_ALPHA3.has(code);
}

export function isTetragraph(code: string): boolean {
  return TETRAGRAPHS.has(code) || TETRAGRAPH_ALIASES.has(code);
}

/** The countries a tetragraph stands for, or undefined when it is not in our table. */
export function tetragraphMembers(code: string): readonly string[] | undefined {
  return TETRAGRAPHS.get(TETRAGRAPH_ALIASES.get(code) ?? code);
}

/**
 * Expands tetragraphs and returns the sorted, de-duplicated list of codes. Codes are upper-cased
 * and trimmed; anything that is neither a known country nor a known tetragraph is kept as
 * written (it can never match a partner's country).
 */
export function expandCountries(codes: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    if (code === '') continue;
    const members = tetragraphMembers(code);
    if (members) for (const m of members) out.add(m);
    else out.add(code);
  }
  return [...out].sort();
}

/**
 * Orders a country list for display: `first` (our own country; USA under US convention) and
 * then the rest alphabetically (US CAPCO register: "REL TO USA, AUS, GBR").
 */
export function orderCountries(codes: Iterable<string>, first: string | undefined): string[] {
  const rest = [...new Set(codes)].filter((c) => c !== first).sort();
  const hasFirst = first !== undefined && [...codes].includes(first);
  return hasFirst ? [first, ...rest] : rest;
}
