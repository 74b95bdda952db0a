// Blocking keys: the strings the application indexes threats under, so that a new report's
// candidates are found by look-up instead of comparing it with every threat. A candidate that
// could meet the joining rule (joinRule.ts) always shares a key with the report:
//   obs:<kind>:<value>   every observable not on the warning list (an exact match anchors)
//   site:<key>           named sites (the same place)
//   city:<key>           the city or town a place is or lies in (area by name)
//   geo4:<cell>          geohash-4 cell of each coordinate and its 8 neighbours: two points
//                        within 25 km share a key (a cell is at least ~19 km tall, 2 cells of
//                        reach each way with both sides expanded; still true up to ~70° N/S)
//   target:<key>         named targets and victims
//   actor:<key>          every actor name and alias: never enough to join alone (joinRule.ts),
//                        so the app may skip these when gathering join candidates and use
//                        them to list related threats for the analyst
// Index a threat under the union of its reports' keys; look a report up under its own keys.
// The app applies the correlation cap to its posting lists (a key already held by more than
// N threats need not be looked up) and passes the counts to correlate().
import type { ReportFacts, ThreatFacts } from './facts.ts';
import { geohashWithNeighbours } from './geo.ts';
import { nameKey, nameKeys } from './names.ts';
import { DEFAULT_WARNING_LIST, warningListReason, type WarningList } from './observables/warningList.ts';
import { cityKeyOf, hasCoordinates, siteKeyOf } from './places.ts';
import { reportProfile } from './profile.ts';

export const GEO_CELL_PRECISION = 4;

export function blockingKeys(facts: ReportFacts | ThreatFacts, warningList: WarningList = DEFAULT_WARNING_LIST): string[] {
  const reports = 'reports' in facts ? facts.reports : [facts];
  const keys = new Set<string>();
  for (const report of reports) {
    // The profile is cached per report, so correlate() does not normalise the values again.
    for (const { observable } of reportProfile(report).observables.values()) {
      if (warningListReason(observable, warningList) === null) keys.add(`obs:${observable.key}`);
    }
    for (const place of report.places) {
      const site = siteKeyOf(place);
      if (site !== undefined) keys.add(`site:${site}`);
      const city = cityKeyOf(place);
      if (city !== undefined) keys.add(`city:${city}`);
      if (hasCoordinates(place) && place.kind !== 'country' && place.kind !== 'region') {
        for (const cell of geohashWithNeighbours(place, GEO_CELL_PRECISION)) keys.add(`geo4:${cell}`);
      }
    }
    for (const target of report.targets) {
      const key = nameKey(target.name);
      if (target.specific && key !== '') keys.add(`target:${key}`);
    }
    for (const actor of report.actors) for (const key of nameKeys(actor.names)) keys.add(`actor:${key}`);
  }
  return [...keys].sort();
}
