// The current hash route, following the address bar.
import { useEffect, useState } from 'react';
import { parseHash, type Route } from './routing.ts';

export function useHashRoute(): Route {
  // On the server (server/drawFirstView.tsx) there is no address bar: the start page.
  const [route, setRoute] = useState(() => parseHash(typeof window === 'undefined' ? '' : window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
