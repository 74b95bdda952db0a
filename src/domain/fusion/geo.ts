// Distances on the Earth and geohash cells. The haversine formula on a sphere of mean
// radius 6371.0088 km (IUGG) is within 0.5% of the ellipsoid: plenty for "within 5 km".

const EARTH_RADIUS_KM = 6371.0088;
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isValidLatLon(lat: unknown, lon: unknown): boolean {
  return typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) &&
    Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** The geohash of a point at `precision` characters (precision 4: a cell of about 39 x 20 km). */
export function geohash(point: LatLon, precision: number): string {
  let latRange: [number, number] = [-90, 90];
  let lonRange: [number, number] = [-180, 180];
  let hash = '';
  let bits = 0;
  let value = 0;
  let evenBit = true;
  while (hash.length < precision) {
    const range = evenBit ? lonRange : latRange;
    const coordinate = evenBit ? point.lon : point.lat;
    const mid = (range[0] + range[1]) / 2;
    value <<= 1;
    if (coordinate >= mid) {
      value |= 1;
      range[0] = mid;
    } else {
      range[1] = mid;
    }
    if (evenBit) lonRange = range;
    else latRange = range;
    evenBit = !evenBit;
    if (++bits === 5) {
      hash += BASE32[value];
      bits = 0;
      value = 0;
    }
  }
  return hash;
}

/**
 * The cell of a point and its 8 neighbours (fewer at the poles), found by stepping one cell
 * size from the cell's centre; the antimeridian wraps.
 */
export function geohashWithNeighbours(point: LatLon, precision: number): string[] {
  const lonBits = Math.ceil((precision * 5) / 2);
  const latBits = Math.floor((precision * 5) / 2);
  const cellHeight = 180 / 2 ** latBits;
  const cellWidth = 360 / 2 ** lonBits;
  const row = Math.min(2 ** latBits - 1, Math.floor((point.lat + 90) / cellHeight));
  const column = Math.min(2 ** lonBits - 1, Math.floor((point.lon + 180) / cellWidth));
  const centreLat = (row + 0.5) * cellHeight - 90;
  const centreLon = (column + 0.5) * cellWidth - 180;
  const cells = new Set<string>();
  for (const dLat of [-1, 0, 1]) {
    const lat = centreLat + dLat * cellHeight;
    if (lat < -90 || lat > 90) continue;
    for (const dLon of [-1, 0, 1]) {
      let lon = centreLon + dLon * cellWidth;
      if (lon < -180) lon += 360;
      if (lon >= 180) lon -= 360;
      cells.add(geohash({ lat, lon }, precision));
    }
  }
  return [...cells].sort();
}
