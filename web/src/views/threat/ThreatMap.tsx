// The threat's places on a map drawn as SVG from bundled country outlines (d3-geo, Mercator
// fitted to the places). Sites are diamonds, towns and regions circles; a place that is also
// named as a target is ringed. Targets and places without coordinates are listed beside it.
import { geoGraticule10, geoMercator, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import type { ThreatDetailJson } from '../../../../src/http/wire.ts';
import { loadCountries, type CountryFeature } from './worldMap.ts';

const WIDTH = 560;
const HEIGHT = 360;
const PADDING = 28;
/** The smallest span shown, in degrees: one point alone still shows its region. */
const MIN_SPAN = 1.6;

type Loaded = { readonly state: 'loading' } | { readonly state: 'ok'; readonly countries: readonly CountryFeature[] } | { readonly state: 'error'; readonly message: string };

interface PlotPlace {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly lat: number;
  readonly lon: number;
  readonly target: boolean;
  readonly reports: number;
}

export default function ThreatMap({ threat }: { readonly threat: ThreatDetailJson }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadCountries().then(
      (countries) => live && setLoaded({ state: 'ok', countries }),
      (error: unknown) => live && setLoaded({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const targetNames = useMemo(() => new Set(threat.targets.map((t) => t.name.toLowerCase())), [threat.targets]);
  const places = useMemo(() => plottable(threat, targetNames), [threat, targetNames]);
  const unplaced = threat.places.filter((p) => p.lat === undefined || p.lon === undefined);

  const projection = useMemo(() => fitted(places), [places]);
  const path = geoPath(projection);
  const labels = useMemo(() => labelPositions(places, projection), [places, projection]);

  return (
    <section className="card map-card" aria-labelledby="map-title" data-testid="threat-map">
      <div className="panel-head">
        <h2 id="map-title" className="panel-title">
          Places and targets
        </h2>
        <span className="muted small">{places.length === 0 ? 'no coordinates known' : `${places.length} ${places.length === 1 ? 'place' : 'places'} on the map`}</span>
      </div>
      <svg className="map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={mapDescription(places)}>
        <rect className="map-sea" width={WIDTH} height={HEIGHT} />
        <path className="map-graticule" d={path(geoGraticule10()) ?? ''} />
        {loaded.state === 'ok'
          ? loaded.countries.map((country, index) => <path key={country.id ?? index} className="map-country" d={path(country) ?? ''} />)
          : null}
        {loaded.state === 'ok' ? <CountryLabels countries={loaded.countries} projection={projection} /> : null}
        {places.map((place) => {
          const label = labels.get(place.id);
          if (label === undefined) return null;
          const { x, y, dy } = label;
          return (
            <g key={place.id} className={`map-place map-place-${place.kind}${place.target ? ' map-target' : ''}`} transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}>
              {place.target ? <circle className="map-target-ring" r={13} /> : null}
              {place.kind === 'site' ? <rect className="map-marker" x={-6} y={-6} width={12} height={12} transform="rotate(45)" /> : <circle className="map-marker" r={6} />}
              {dy === 0 ? null : <line className="map-leader" x1={0} y1={0} x2={10} y2={dy} />}
              <text className="map-label-halo" x={11} y={4 + dy}>
                {place.name}
              </text>
              <text className="map-label" x={11} y={4 + dy}>
                {place.name}
              </text>
            </g>
          );
        })}
        {loaded.state === 'loading' ? (
          <text className="map-note" x={WIDTH / 2} y={HEIGHT / 2}>
            Loading map data…
          </text>
        ) : null}
        {places.length === 0 && loaded.state === 'ok' ? (
          <text className="map-note" x={WIDTH / 2} y={HEIGHT / 2}>
            No place in this threat has coordinates
          </text>
        ) : null}
      </svg>
      {loaded.state === 'error' ? <p className="field-error">The map outlines could not be loaded: {loaded.message}</p> : null}
      <div className="map-legend">
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <rect className="map-marker legend-site" x="3" y="3" width="8" height="8" transform="rotate(45 7 7)" />
          </svg>
          site
        </span>
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <circle className="map-marker" cx="7" cy="7" r="5" />
          </svg>
          town or region
        </span>
        <span>
          <svg width="14" height="14" aria-hidden="true">
            <circle className="map-target-ring" cx="7" cy="7" r="6" />
          </svg>
          named as a target
        </span>
      </div>
      <dl className="map-facts">
        <dt>Targets</dt>
        <dd>
          {threat.targets.length === 0
            ? 'none named'
            : threat.targets.map((t) => `${t.name} (${t.role}${t.specific ? ', specific' : ''})`).join('; ')}
        </dd>
        {unplaced.length === 0 ? null : (
          <>
            <dt>Not on the map</dt>
            <dd>{unplaced.map((p) => `${p.name} (${p.kind})`).join('; ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/**
 * One marker per named place: reports often name the same place separately (the API keeps
 * each report's fact), and on a map they are one point. Sites win over towns of the same name.
 */
function plottable(threat: ThreatDetailJson, targetNames: ReadonlySet<string>): PlotPlace[] {
  const byName = new Map<string, PlotPlace>();
  for (const p of threat.places) {
    if (p.lat === undefined || p.lon === undefined) continue;
    const key = p.name.toLowerCase();
    const seen = byName.get(key);
    const reports = (seen?.reports ?? 0) + p.reportIds.length;
    if (seen === undefined || (seen.kind !== 'site' && p.kind === 'site')) {
      byName.set(key, { id: p.id, name: p.name, kind: p.kind, lat: p.lat, lon: p.lon, target: targetNames.has(key), reports });
    } else {
      byName.set(key, { ...seen, reports });
    }
  }
  return [...byName.values()];
}

/** Screen positions, with labels that would overlap moved down a line (and a leader line to the marker). */
function labelPositions(places: readonly PlotPlace[], projection: ReturnType<typeof geoMercator>): Map<string, { x: number; y: number; dy: number }> {
  const placed: { x: number; labelY: number }[] = [];
  const out = new Map<string, { x: number; y: number; dy: number }>();
  const order = places
    .map((place) => ({ place, xy: projection([place.lon, place.lat]) }))
    .filter((p): p is { place: PlotPlace; xy: [number, number] } => p.xy !== null)
    .sort((a, b) => a.xy[1] - b.xy[1]);
  for (const { place, xy } of order) {
    const [x, y] = xy;
    let dy = 0;
    while (placed.some((other) => Math.abs(other.x - x) < 160 && Math.abs(other.labelY - (y + dy)) < 16)) dy += 16;
    placed.push({ x, labelY: y + dy });
    out.set(place.id, { x, y, dy });
  }
  return out;
}

/** Mercator fitted to the places with padding; the world when there are none. */
function fitted(places: readonly PlotPlace[]) {
  const projection = geoMercator();
  if (places.length === 0) return projection.fitExtent([[PADDING, PADDING], [WIDTH - PADDING, HEIGHT - PADDING]], { type: 'Sphere' });
  const lons = places.map((p) => p.lon);
  const lats = places.map((p) => p.lat);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const padLon = Math.max(MIN_SPAN - (east - west), 0) / 2 + (east - west) * 0.25;
  const padLat = Math.max(MIN_SPAN - (north - south), 0) / 2 + (north - south) * 0.25;
  const box = {
    type: 'LineString' as const,
    coordinates: [
      [west - padLon, south - padLat],
      [east + padLon, north + padLat],
    ],
  };
  return projection.fitExtent([[PADDING, PADDING], [WIDTH - PADDING, HEIGHT - PADDING]], box);
}

/** Names of the countries whose centre falls in view, so the map says where it is. */
function CountryLabels({ countries, projection }: { readonly countries: readonly CountryFeature[]; readonly projection: ReturnType<typeof geoMercator> }) {
  const path = geoPath(projection);
  return (
    <g className="map-country-labels" aria-hidden="true">
      {countries.map((country, index) => {
        const area = path.area(country);
        const [x, y] = path.centroid(country);
        if (!(area > 4000) || !Number.isFinite(x) || x < 30 || x > WIDTH - 30 || y < 20 || y > HEIGHT - 20) return null;
        return (
          <text key={country.id ?? index} className="map-country-label" x={x} y={y}>
            {country.properties.name ?? ''}
          </text>
        );
      })}
    </g>
  );
}

function mapDescription(places: readonly PlotPlace[]): string {
  if (places.length === 0) return 'Map: no place in this threat has coordinates.';
  return `Map of ${places.map((p) => `${p.name} (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})`).join('; ')}`;
}
