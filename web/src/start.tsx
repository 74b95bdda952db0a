// The workbench: React and the shell, loaded by the entry (main.tsx) once it has begun the
// first load's requests.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
// When the server drew the first view into the page (src/http/firstView.ts), React draws over
// it rather than hydrating it: the server's drawing has the server's clock and time zone, and
// a countdown or a local time that differs from the browser's would make hydration fail and
// redraw the view without its first data. Drawn from the same data, the two look alike.
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
