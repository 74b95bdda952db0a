// The world's countries for the threat map: Natural Earth 1:50m from the world-atlas package,
// bundled as a file of this server (no tiles, no CDN) and fetched once when a map is drawn.
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';

export type CountryFeature = Feature<Geometry, { readonly name?: string }>;

let loading: Promise<readonly CountryFeature[]> | undefined;

export function loadCountries(): Promise<readonly CountryFeature[]> {
  loading ??= fetch(countriesUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the map data answered ${response.status}`);
      return response.json() as Promise<Topology<{ countries: GeometryCollection<{ name?: string }> }>>;
    })
    .then((topology) => feature(topology, topology.objects.countries).features as CountryFeature[])
    .catch((error: unknown) => {
      // A later map may try again.
      loading = undefined;
      throw error;
    });
  return loading;
}
