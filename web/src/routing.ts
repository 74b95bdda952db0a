// Hash routing: `#/objects/indicator--…`. The server only ever serves `/`, so deep links need
// no server fallback and can never collide with /api paths. Pure: boot.ts reads the route
// before React is loaded (useHashRoute.ts follows it in components).
export interface Route {
  /** The view id, the first path segment (`objects`). */
  readonly view: string;
  /** The remaining segments, decoded (`['indicator--…']`). */
  readonly params: readonly string[];
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const segments = path.split('/').filter((s) => s !== '').map(safeDecode);
  return { view: segments[0] ?? '', params: segments.slice(1) };
}

export function hrefFor(view: string, ...params: readonly string[]): string {
  return `#/${[view, ...params].map(encodeURIComponent).join('/')}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
